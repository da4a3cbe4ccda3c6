using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using XenMesh.Cluster.Bootstrap;
using static XenMesh.Messages.Membership.IslandMessages;

namespace XenMesh.Tests.Cluster.Bootstrap;

/// <summary>Which of two clusters merges into the other: exactly one, never while they share a member.</summary>
public sealed class IslandRuleTests
{
    private static ClusterMember M(int host, int uid, bool counted = true) => new($"akka.tcp://xenmesh@192.168.11.{host}:4053", uid, counted);

    [Fact]
    public void A_restarted_first_seed_alone_merges_into_the_others_cluster_that_still_lists_its_old_incarnation()
    {
        IReadOnlyList<ClusterMember> island = [M(100, 2)];
        IReadOnlyList<ClusterMember> others = [M(100, 1, counted: false), M(101, 7), M(102, 9)];

        Assert.Equal(IslandVerdict.ThisOneMerges, IslandRule.Judge(island, others));
        Assert.Equal(IslandVerdict.ThisOneStays, IslandRule.Judge(others, island));
    }

    [Fact]
    public void Views_that_share_a_member_are_one_cluster_whatever_their_sizes()
    {
        // A healing partition: the majority has already removed the minority's member, which still lists everyone.
        IReadOnlyList<ClusterMember> minority = [M(100, 1), M(101, 7, counted: false), M(102, 9, counted: false)];
        IReadOnlyList<ClusterMember> majority = [M(101, 7), M(102, 9)];

        Assert.Equal(IslandVerdict.SameCluster, IslandRule.Judge(minority, majority));
        Assert.Equal(IslandVerdict.SameCluster, IslandRule.Judge(majority, minority));
    }

    [Fact]
    public void On_a_tie_the_cluster_holding_the_lowest_address_stays()
    {
        IReadOnlyList<ClusterMember> low = [M(100, 5), M(103, 1)];
        IReadOnlyList<ClusterMember> high = [M(101, 1), M(102, 1)];

        Assert.Equal(IslandVerdict.ThisOneStays, IslandRule.Judge(low, high));
        Assert.Equal(IslandVerdict.ThisOneMerges, IslandRule.Judge(high, low));
    }

    [Fact]
    public void Two_views_without_a_counted_member_decide_nothing()
    {
        Assert.Equal(IslandVerdict.Undecided, IslandRule.Judge([M(100, 1, counted: false)], [M(101, 1, counted: false)]));
    }

    /// <summary>
    /// Two disjoint clusters drawn from <paramref name="script"/> (each byte a member: host, incarnation, side,
    /// counted): when either counts a member, exactly one of them merges, and never the one counting more.
    /// </summary>
    [Property(MaxTest = 500)]
    public Property Of_two_disjoint_clusters_exactly_one_merges_and_never_the_larger(byte[] script)
    {
        var members = (script ?? []).Select(b => (Member: M(100 + (b & 7), (b >> 3) & 3, (b & 64) != 0), Side: b >> 7))
            .DistinctBy(x => (x.Member.Address, x.Member.Uid))
            .ToList();
        var a = members.Where(x => x.Side == 0).Select(x => x.Member).ToList();
        var b = members.Where(x => x.Side == 1).Select(x => x.Member).ToList();
        var (ab, ba) = (IslandRule.Judge(a, b), IslandRule.Judge(b, a));
        var (countedA, countedB) = (a.Count(m => m.Counted), b.Count(m => m.Counted));

        var holds = countedA + countedB == 0
            ? ab == IslandVerdict.Undecided && ba == IslandVerdict.Undecided
            : new[] { ab, ba }.Order().SequenceEqual([IslandVerdict.ThisOneStays, IslandVerdict.ThisOneMerges])
                && (countedA == countedB || (ab == IslandVerdict.ThisOneStays) == (countedA > countedB));
        return holds.Label($"a={countedA} of {a.Count}: {ab}; b={countedB} of {b.Count}: {ba}");
    }
}
