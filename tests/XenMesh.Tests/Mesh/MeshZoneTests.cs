using System.Net;
using Akka.Actor;
using Akka.Actor.Dsl;
using Akka.Hosting;
using XenMesh.Cluster.Hosts;
using XenMesh.Cluster.Names;
using XenMesh.Messages.Leases;
using XenMesh.Messages.Values;
using XenMesh.Node.Commands;
using XenMesh.Node.Dns;
using XenMesh.Node.Dns.Recursion;
using XenMesh.Node.Dns.Server;
using XenMesh.Node.Dns.Zone;
using XenMesh.Node.Mesh;
using XenMesh.Tests.Bridge;
using XenMesh.Tests.Cluster;
using static XenMesh.Node.Dhcp.Leases.LeaseNameChanges;
using static XenMesh.Node.Dhcp.Leases.LeasePoolProtocol;

namespace XenMesh.Tests.Mesh;

/// <summary>
/// Three members, each with the agent's claimant and zone feed: a name bound on one host reaches every other
/// host's DNS snapshot (forward and reverse zone), and a conflict's loser has no record anywhere.
/// </summary>
public sealed class MeshZoneTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly DateTimeOffset Bound = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_name_bound_on_one_host_is_served_by_every_host_and_a_conflicts_loser_by_none()
    {
        var ct = TestContext.Current.CancellationToken;
        var kubikal = new ZoneSnapshotHolder();
        var rack2 = new ZoneSnapshotHolder();
        var rack3 = new ZoneSnapshotHolder();
        await using var a = await StartAsync("kubikal", "192.168.0.254/24", [], kubikal, ct);
        await a.AwaitUpAsync(1, ct);
        await using var b = await StartAsync("rack2", "192.168.1.254/24", [a.Endpoint], rack2, ct);
        await using var c = await StartAsync("rack3", "192.168.2.254/24", [a.Endpoint], rack3, ct);
        foreach (var node in new[] { a, b, c })
            await node.AwaitUpAsync(3, ct);

        await ServesAsync(rack3, z => Has(z, "kubikal", "192.168.0.254", "kubikal") && Has(z, "rack2", "192.168.1.254", "rack2") && z.Content.ReverseSubnets.Count == 3, "every dom0 name and reverse zone on rack3", ct);

        a.System.EventStream.Publish(Lease("web", "192.168.0.1", "00:16:3e:00:00:01", Bound));
        await ServesAsync(rack3, z => Has(z, "web", "192.168.0.1", "kubikal"), "web.xen from kubikal on rack3", ct);
        Assert.Contains("0.168.192.in-addr.arpa.", rack3.Current!.Zones.Select(z => z.ToString()));

        b.System.EventStream.Publish(Lease("web", "192.168.1.7", "00:16:3e:00:00:02", Bound.AddHours(1)));
        await Eventually.HoldsAsync(
            () => Task.FromResult((b.Zone.Current.Conflicts.Any(), "no conflict yet")),
            Timeout,
            "the conflict on web.xen reaches rack2's replica",
            ct);
        await ServesAsync(rack2, z => Has(z, "web", "192.168.0.1", "kubikal") && z.Records.Count(r => r.Name == "web") == 1, "rack2 serves the winner only", ct);
        await ServesAsync(rack3, z => z.Records.Count(r => r.Name == "web") == 1, "rack3 serves the winner only", ct);

        var output = new CollectingOutput();
        using var forwarder = new DnsRecursionCounters();
        await new DnsPalette(rack2, new DnsServerCounters(), forwarder, b.Zone)
            .ExecuteAsync(new CommandInvocation("dns", "conflicts", new Dictionary<string, IReadOnlyList<string?>>(), false, new IPEndPoint(IPAddress.Loopback, 50000)), output, ct);
        Assert.Equal(
            ["web.xen | owner 00:16:3e:00:00:01@kubikal | rejected 00:16:3e:00:00:02@rack2 | since 2026-11-01 09:00:00 UTC | HostName", "Count: 1 conflict"],
            output.Lines);
    }

    private static async Task<MeshNode> StartAsync(string hostId, string bridge, IReadOnlyList<(string Host, int Port)> seeds, ZoneSnapshotHolder holder, CancellationToken ct)
    {
        Assert.True(Ipv4Interface.TryParse(bridge, out var parsed, out _));
        var claimant = new NameClaimantOptions(hostId, "xen", parsed.Address, TimeSpan.FromSeconds(30));
        var zone = new LocalZoneSettings("xen", hostId, parsed, 30);
        return await MeshNode.StartAsync(hostId, parsed.Subnet.ToString(), seeds, ct, akka =>
            akka.WithActors((system, registry, resolver) =>
            {
                // A pool without leases: the names arrive as changes on the EventStream, as the real pool publishes them.
                var pool = system.ActorOf(dsl => dsl.Receive<ListLeases>((_, context) => context.Sender.Tell(new LeaseList([]))), "lease-pool");
                system.ActorOf(NameClaimant.Props(claimant, registry.Get<NameRegistry>(), pool), "name-claimant");
                system.ActorOf(ZoneFeed.Props(zone, pool, holder, resolver.GetService<ZoneView>(), resolver.GetService<HostView>()), "zone-feed");
            }));
    }

    private static LeaseNameBound Lease(string name, string address, string mac, DateTimeOffset since) =>
        new(name, IPAddress.Parse(address), MacAddress.Parse(mac), "vif1.0", LeaseNameSource.HostName, since, since.AddDays(3));

    private static bool Has(ZoneSnapshot zone, string name, string address, string owner) =>
        zone.Records.Any(r => r.Name == name && r.Owner == owner && r.Address.Equals(IPAddress.Parse(address)));

    private static Task ServesAsync(ZoneSnapshotHolder holder, Func<ZoneSnapshot, bool> condition, string what, CancellationToken ct) =>
        Eventually.HoldsAsync(
            () => Task.FromResult((holder.Current is { } z && condition(z), holder.Current is { } s ? string.Join("; ", s.Records) : "no zone")),
            Timeout,
            what,
            ct);
}
