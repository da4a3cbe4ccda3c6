using Akka.Actor;
using static XenMesh.Messages.Routes.GatewayMessages;

namespace XenMesh.Tests.Cluster.Gateways;

/// <summary>The gateway registry as a real shard region between in-process members.</summary>
public sealed class GatewayRegionTests
{
    private const string Gateway = "192.168.11.254";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Through_the_region_and_the_serializer_a_lone_member_gets_its_own_route()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var node = await MeshNode.StartAsync("kubikal", "192.168.0.0/24", [], ct, serializeMessages: true, lanAddress: "192.168.11.100");
        var feed = Inbox.Create(node.System);

        var routes = await AwaitTableAsync(node, feed, t => t.Routes.Count == 1, ct);

        var route = Assert.Single(routes);
        Assert.Equal(("kubikal", "192.168.0.0/24", "192.168.11.100"), (route.HostId, route.Subnet, route.NextHop));
        Assert.Equal((node.Cluster.SelfAddress.ToString(), node.Cluster.SelfUniqueAddress.Uid), (route.Node, route.NodeUid));
    }

    [Fact]
    public async Task Every_member_gets_every_hosts_route_and_the_table_is_rebuilt_when_a_member_leaves()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var kubikal = await MeshNode.StartAsync("kubikal", "192.168.0.0/24", [], ct, lanAddress: "192.168.11.100");
        await using var rack2 = await MeshNode.StartAsync("rack2", "192.168.1.0/24", [kubikal.Endpoint], ct, lanAddress: "192.168.11.101");
        await rack2.AwaitUpAsync(2, ct);
        var kubikalFeed = Inbox.Create(kubikal.System);
        var rack2Feed = Inbox.Create(rack2.System);

        await AwaitTableAsync(kubikal, kubikalFeed, t => t.Routes.Count == 2, ct);
        var both = await AwaitTableAsync(rack2, rack2Feed, t => t.Routes.Count == 2, ct);
        Assert.Equal(["kubikal", "rack2"], both.Select(r => r.HostId));

        // The entity may live on kubikal: after it leaves, rack2's registrations start it on rack2, from rack2's hosts.
        await kubikal.DisposeAsync();
        var one = await AwaitTableAsync(rack2, rack2Feed, t => t.Routes.Count == 1, ct);
        Assert.Equal("rack2", Assert.Single(one).HostId);
    }

    /// <summary>Registers as a feed does (again on each try, as the refresh interval would) until a table satisfies <paramref name="wanted"/>.</summary>
    private static async Task<IReadOnlyList<GatewayRoute>> AwaitTableAsync(MeshNode node, Inbox feed, Func<GatewayTable, bool> wanted, CancellationToken ct)
    {
        IReadOnlyList<GatewayRoute> last = [];
        await Eventually.HoldsAsync(
            async () =>
            {
                node.Gateways.Tell(new RegisterSpeaker(Gateway, node.HostId, feed.Receiver));
                try
                {
                    var table = (GatewayTable)await feed.ReceiveAsync(TimeSpan.FromSeconds(3));
                    last = table.Routes;
                    return (wanted(table), string.Join(", ", table.Routes));
                }
                catch (TimeoutException)
                {
                    return (false, "no table yet");
                }
            },
            Timeout,
            $"a table on {node.HostId}",
            ct);
        return last;
    }
}
