namespace XenMesh.Cluster.Bootstrap;

/// <summary>What <see cref="IslandRule.Judge"/> decides about this member's cluster and another one.</summary>
public enum IslandVerdict
{
    /// <summary>The two views share a member: one cluster, seen at two moments; nothing to do.</summary>
    SameCluster,

    /// <summary>Two clusters, and this one is the larger (or wins the tie): the other merges into it.</summary>
    ThisOneStays,

    /// <summary>Two clusters, and this one is the smaller (or loses the tie): its members rejoin the other.</summary>
    ThisOneMerges,

    /// <summary>Two clusters, but neither counts a member: nothing to compare.</summary>
    Undecided,
}
