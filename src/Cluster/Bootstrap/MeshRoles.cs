namespace XenMesh.Cluster.Bootstrap;

/// <summary>Cluster roles a XenMesh member carries.</summary>
public static class MeshRoles
{
    /// <summary>A dom0 with a guest bridge: hosts the name registry's shards and a zone replica.</summary>
    public const string Dom0 = "dom0";

    /// <summary>
    /// A member without a bridge (<c>xenmesh agent --witness</c>): it only counts for the split-brain
    /// resolver's majority, so two dom0s and a witness survive the loss of any one of them.
    /// </summary>
    public const string Witness = "witness";
}
