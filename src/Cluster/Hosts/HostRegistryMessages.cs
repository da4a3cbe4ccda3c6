using Akka.Actor;

namespace XenMesh.Cluster.Hosts;

/// <summary>Local messages to and from the <see cref="HostRegistryActor"/>.</summary>
public static class HostRegistryMessages
{
    /// <summary>This host's bound lease count, for its record.</summary>
    public sealed record ReportLeases(int Leases) : INoSerializationVerificationNeeded;

    /// <summary>
    /// Published on the EventStream when this host's right to its subnet changes: <paramref name="Refusal"/>
    /// is the overlap that makes it refuse the subnet, or null when it may serve it.
    /// </summary>
    public sealed record SubnetStanding(SubnetOverlap? Refusal) : INoSerializationVerificationNeeded;
}
