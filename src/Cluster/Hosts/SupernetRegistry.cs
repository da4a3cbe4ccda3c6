namespace XenMesh.Cluster.Hosts;

/// <summary>Marker for the supernet registry's shard region in the actor registry.</summary>
public sealed class SupernetRegistry;
