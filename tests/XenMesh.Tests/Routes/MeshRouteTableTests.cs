using System.Net;
using XenMesh.Messages.Values;
using XenMesh.Node.Routes;
using static XenMesh.Messages.Routes.GatewayMessages;

namespace XenMesh.Tests.Routes;

public sealed class MeshRouteTableTests
{
    private const string KubikalNode = "akka.tcp://xenmesh@192.168.11.100:4053";
    private const string Rack2Node = "akka.tcp://xenmesh@192.168.11.101:4053";
    private const string Rack3Node = "akka.tcp://xenmesh@192.168.11.102:4053";

    private static readonly GatewayRoute[] Entity =
    [
        new("kubikal", "192.168.0.0/24", "192.168.11.100", KubikalNode, 1),
        new("rack2", "192.168.1.0/24", "192.168.11.101", Rack2Node, 2),
        new("rack3", "192.168.2.0/24", "192.168.11.102", Rack3Node, 3),
    ];

    private static readonly HashSet<(string, int)> NoneDead = [];

    [Fact]
    public void Every_host_is_announced_via_its_own_lan_address_the_others_with_metric_1_the_speakers_own_with_metric_2()
    {
        var table = MeshRouteTable.For(Entity, NoneDead, "rack2");

        Assert.Equal(
            [
                Route("192.168.0.0/24", "192.168.11.100", "kubikal", 1),
                Route("192.168.1.0/24", "192.168.11.101", "rack2", 2),
                Route("192.168.2.0/24", "192.168.11.102", "rack3", 1),
            ],
            table.Routes);
    }

    [Fact]
    public void An_unreachable_members_route_is_withdrawn_at_once()
    {
        var table = MeshRouteTable.For(Entity, new HashSet<(string, int)> { (Rack3Node, 3) }, "kubikal");

        Assert.Equal([false, false, true], table.Routes.Select(r => r.Withdrawn));
        Assert.Equal(["kubikal", "rack2"], table.Live.Select(r => r.Host));
    }

    [Fact]
    public void Only_the_dead_incarnation_is_withdrawn_a_restarted_host_is_announced()
    {
        var table = MeshRouteTable.For(Entity, new HashSet<(string, int)> { (Rack3Node, 99) }, "kubikal");

        Assert.All(table.Routes, r => Assert.False(r.Withdrawn));
    }

    [Fact]
    public void A_speaker_never_withdraws_its_own_subnet()
    {
        var table = MeshRouteTable.For(Entity, new HashSet<(string, int)> { (KubikalNode, 1) }, "kubikal");

        Assert.Equal(Route("192.168.0.0/24", "192.168.11.100", "kubikal", 2), table.Routes[0]);
    }

    [Fact]
    public void A_host_alone_announces_its_own_subnet_with_metric_2()
    {
        var table = MeshRouteTable.For([Entity[0]], NoneDead, "kubikal");

        Assert.Equal([Route("192.168.0.0/24", "192.168.11.100", "kubikal", 2)], table.Routes);
    }

    [Fact]
    public void The_own_route_is_announced_until_the_entitys_table_has_it_and_then_as_the_table_says()
    {
        var own = Route("192.168.2.0/24", "192.168.11.102", "rack3", 1);

        var before = MeshRouteTable.For(Entity[..2], NoneDead, "rack3", own);
        var after = MeshRouteTable.For(Entity, NoneDead, "rack3", own with { Subnet = new Ipv4Subnet(0x0A000000, 8) });

        Assert.Equal(["kubikal", "rack2", "rack3"], before.Routes.Select(r => r.Host));
        Assert.Equal(Route("192.168.2.0/24", "192.168.11.102", "rack3", 2), before.Routes[2]);
        Assert.Equal(Route("192.168.2.0/24", "192.168.11.102", "rack3", 2), after.Routes[2]);
        Assert.Equal(3, after.Routes.Length);
    }

    [Fact]
    public void Records_that_do_not_parse_are_left_out()
    {
        var table = MeshRouteTable.For([Entity[0] with { Subnet = "nonsense" }, Entity[1] with { NextHop = "x" }, Entity[2]], NoneDead, "kubikal");

        Assert.Equal(["rack3"], table.Routes.Select(r => r.Host));
    }

    private static DesiredRoute Route(string subnet, string nextHop, string host, int metric)
    {
        Assert.True(Ipv4Subnet.TryParse(subnet, out var parsed, out _));
        return new DesiredRoute(parsed, IPAddress.Parse(nextHop), host, Metric: metric);
    }
}
