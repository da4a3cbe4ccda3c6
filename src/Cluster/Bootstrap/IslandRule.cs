using Akka.Actor;
using Akka.Cluster;
using static XenMesh.Messages.Membership.IslandMessages;

namespace XenMesh.Cluster.Bootstrap;

/// <summary>
/// Which of two clusters merges into the other. Both sides judge the same two views and come to opposite
/// verdicts, so exactly one side moves: the cluster with more members up and reachable stays; on a tie the
/// one holding the lowest member (address, then incarnation; keep-majority's tie rule) stays.
/// </summary>
public static class IslandRule
{
    /// <summary>Judges this member's cluster (<paramref name="own"/>) against another member's (<paramref name="other"/>).</summary>
    public static IslandVerdict Judge(IReadOnlyCollection<ClusterMember> own, IReadOnlyCollection<ClusterMember> other)
    {
        ArgumentNullException.ThrowIfNull(own);
        ArgumentNullException.ThrowIfNull(other);
        // A shared member (same incarnation) means one cluster whose members' views differ for a moment, e.g.
        // while a partition heals under the split-brain resolver: that is the resolver's business, never ours.
        var ownIds = own.Select(Id).ToHashSet();
        if (other.Any(m => ownIds.Contains(Id(m))))
            return IslandVerdict.SameCluster;

        var ownCounted = own.Where(m => m.Counted).Select(Id).ToList();
        var otherCounted = other.Where(m => m.Counted).Select(Id).ToList();
        if (ownCounted.Count != otherCounted.Count)
            return ownCounted.Count > otherCounted.Count ? IslandVerdict.ThisOneStays : IslandVerdict.ThisOneMerges;
        if (ownCounted.Count == 0)
            return IslandVerdict.Undecided;

        return ownCounted.Min()!.CompareTo(otherCounted.Min()) < 0 ? IslandVerdict.ThisOneStays : IslandVerdict.ThisOneMerges;
    }

    /// <summary>How <paramref name="member"/> appears in a <see cref="ClusterView"/>: counted when up and reachable from the viewer.</summary>
    public static ClusterMember ViewOf(Member member, bool reachable)
    {
        ArgumentNullException.ThrowIfNull(member);
        return new ClusterMember(member.Address.ToString(), member.UniqueAddress.Uid, member.Status == MemberStatus.Up && reachable);
    }

    private static UniqueAddress Id(ClusterMember member) => new(Address.Parse(member.Address), member.Uid);
}
