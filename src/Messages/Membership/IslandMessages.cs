using Akka.Event;

namespace XenMesh.Messages.Membership;

/// <summary>
/// What the island detectors of two members exchange when one finds a configured seed outside its cluster:
/// each side's view of its own cluster, so the smaller of two clusters that share no member can merge into
/// the larger.
/// </summary>
public static class IslandMessages
{
    /// <summary>
    /// Asks a seed's detector for its cluster; <paramref name="Members"/> is the asker's own cluster. Only a
    /// member that is up answers, with a <see cref="ClusterView"/>. A probe of a seed that is down ends in dead
    /// letters, as Akka's InitJoin does, and like it is not logged there.
    /// </summary>
    public sealed record ProbeCluster(IReadOnlyList<ClusterMember> Members) : IXenMeshWireMessage, IDeadLetterSuppression;

    /// <summary>The answer to <see cref="ProbeCluster"/>: the members of the answering member's cluster as it sees them.</summary>
    public sealed record ClusterView(IReadOnlyList<ClusterMember> Members) : IXenMeshWireMessage, IDeadLetterSuppression;

    /// <summary>One member of a cluster as a member of it sees it.</summary>
    /// <param name="Address">Its Akka address (<c>akka.tcp://xenmesh@192.168.11.100:4053</c>).</param>
    /// <param name="Uid">Its incarnation.</param>
    /// <param name="Counted">Up and reachable: it counts for the cluster's size.</param>
    public sealed record ClusterMember(string Address, int Uid, bool Counted);
}
