using XenMesh.Cluster.Hosts;
using XenMesh.Messages.Hosts;

namespace XenMesh.Tests.Cluster.Hosts;

public sealed class SubnetRulesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

    private static HostRecord Host(string id, string subnet, int minutes) =>
        new(id, subnet, "192.168.11.100", T0.AddMinutes(minutes), 0, $"akka.tcp://xenmesh@192.168.11.{id.Length}:4053", 1);

    [Fact]
    public void Disjoint_subnets_have_no_overlap()
    {
        var overlaps = SubnetRules.FindOverlaps([Host("kubikal", "192.168.0.0/24", 0), Host("rack2", "192.168.1.0/24", 1), Host("rack3", "10.0.0.0/8", 2)]);

        Assert.Empty(overlaps);
    }

    [Fact]
    public void The_later_host_refuses_an_overlapping_subnet()
    {
        var kubikal = Host("kubikal", "192.168.0.0/24", 5);
        var rack2 = Host("rack2", "192.168.0.0/23", 9);

        var overlaps = SubnetRules.FindOverlaps([rack2, kubikal]);

        var overlap = Assert.Single(overlaps);
        Assert.Equal((rack2, kubikal), (overlap.Later, overlap.Earlier));
        Assert.Equal(overlap, SubnetRules.RefusalFor("rack2", overlaps));
        Assert.Null(SubnetRules.RefusalFor("kubikal", overlaps));
        Assert.Equal("subnet 192.168.0.0/23 of host rack2 overlaps 192.168.0.0/24 of host kubikal, registered earlier", overlap.ToString());
    }

    [Fact]
    public void Equal_registration_times_are_ordered_by_host_id()
    {
        var overlaps = SubnetRules.FindOverlaps([Host("zeta", "192.168.0.0/24", 1), Host("alpha", "192.168.0.128/25", 1)]);

        Assert.Equal("zeta", Assert.Single(overlaps).Later.HostId);
    }

    [Fact]
    public void A_host_overlapping_two_earlier_ones_reports_both()
    {
        var overlaps = SubnetRules.FindOverlaps([Host("a", "10.0.0.0/24", 1), Host("b", "10.0.1.0/24", 2), Host("c", "10.0.0.0/16", 3)]);

        Assert.Equal(["a", "b"], overlaps.Where(o => o.Later.HostId == "c").Select(o => o.Earlier.HostId));
    }
}
