using XenMesh.Cluster.Gateways;
using XenMesh.Cluster.Hosts;
using XenMesh.Messages.Hosts;
using static XenMesh.Messages.Routes.GatewayMessages;

namespace XenMesh.Tests.Cluster.Gateways;

public sealed class GatewayRoutesTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    internal static HostRecord Host(string id, string subnet, string? lan, int minutes = 0) =>
        new(id, subnet, lan, Start.AddMinutes(minutes), 0, $"akka.tcp://xenmesh@{lan ?? "127.0.0.1"}:4053", id.Length);

    [Fact]
    public void Every_live_host_routes_its_subnet_via_its_lan_address_ordered_by_host_id()
    {
        var hosts = new[] { Host("rack2", "192.168.1.0/24", "192.168.11.101"), Host("kubikal", "192.168.0.0/24", "192.168.11.100") };

        var routes = GatewayRoutes.From(new HostSnapshot(hosts, SubnetRules.FindOverlaps(hosts)));

        Assert.Equal(
            [
                new GatewayRoute("kubikal", "192.168.0.0/24", "192.168.11.100", "akka.tcp://xenmesh@192.168.11.100:4053", 7),
                new GatewayRoute("rack2", "192.168.1.0/24", "192.168.11.101", "akka.tcp://xenmesh@192.168.11.101:4053", 5),
            ],
            routes);
    }

    [Fact]
    public void A_host_whose_subnet_overlap_was_refused_is_left_out_the_earlier_one_keeps_its_route()
    {
        var hosts = new[] { Host("kubikal", "192.168.0.0/24", "192.168.11.100"), Host("late", "192.168.0.0/23", "192.168.11.109", minutes: 5) };

        var routes = GatewayRoutes.From(new HostSnapshot(hosts, SubnetRules.FindOverlaps(hosts)));

        Assert.Equal(["kubikal"], routes.Select(r => r.HostId));
    }

    [Fact]
    public void A_host_without_a_lan_address_has_no_next_hop_and_no_route()
    {
        var hosts = new[] { Host("kubikal", "192.168.0.0/24", null), Host("rack2", "192.168.1.0/24", "192.168.11.101") };

        Assert.Equal(["rack2"], GatewayRoutes.From(new HostSnapshot(hosts, [])).Select(r => r.HostId));
    }
}
