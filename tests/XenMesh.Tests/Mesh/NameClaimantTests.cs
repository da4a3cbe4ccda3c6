using System.Net;
using Akka.Actor;
using Akka.Hosting;
using XenMesh.Cluster.Hosts;
using XenMesh.Cluster.Names;
using XenMesh.Messages.Hosts;
using XenMesh.Messages.Leases;
using XenMesh.Messages.Names;
using XenMesh.Messages.Values;
using XenMesh.Node.Mesh;
using XenMesh.Tests.Cluster;
using static XenMesh.Cluster.Hosts.HostRegistryMessages;
using static XenMesh.Messages.Names.NameRegistryMessages;
using static XenMesh.Node.Dhcp.Leases.LeaseNameChanges;

namespace XenMesh.Tests.Mesh;

/// <summary>
/// The claimant of a cluster of one (the agent without a <c>cluster</c> section): the dom0's own name, lease
/// names from the EventStream, withdrawal, the overlap refusal, and what the palettes print from it.
/// </summary>
public sealed class NameClaimantTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly MacAddress Mac = MacAddress.Parse("00:16:3e:00:00:01");
    private static readonly DateTimeOffset Bound = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_refresh_spreads_a_hosts_claims_evenly_over_its_slices()
    {
        var slices = Enumerable.Range(0, 3000).Select(i => NameClaimant.RefreshSlice($"guest{i}.xen", $"00:16:3e:00:{i / 256:x2}:{i % 256:x2}")).ToList();

        Assert.All(slices, s => Assert.InRange(s, 0, NameClaimant.RefreshSlices - 1));
        var perSlice = slices.CountBy(s => s).Select(kv => kv.Value).ToList();
        Assert.Equal(NameClaimant.RefreshSlices, perSlice.Count);
        Assert.True(perSlice.Max() < 2 * 3000 / NameClaimant.RefreshSlices, $"largest slice {perSlice.Max()}");
    }

    [Fact]
    public async Task A_lone_dom0_publishes_its_own_name_and_its_leases_names_and_withdraws_them()
    {
        var ct = TestContext.Current.CancellationToken;
        var options = new NameClaimantOptions("kubikal", "xen", IPAddress.Parse("192.168.0.254"), TimeSpan.FromSeconds(30));
        await using var node = await MeshNode.StartAsync("kubikal", "192.168.0.0/24", [], ct, akka =>
            akka.WithActors((system, registry) => system.ActorOf(NameClaimant.Props(options, registry.Get<NameRegistry>(), null), "name-claimant")), serializeMessages: true);

        await ZoneHoldsAsync(node, z => z.Names.TryGetValue("kubikal.xen", out var r) && r.Owner.Address.Equals(IPAddress.Parse("192.168.0.254")) && r.Owner.Guest == NameClaim.Dom0Guest, "kubikal.xen", ct);

        node.System.EventStream.Publish(new LeaseNameBound("xen1", IPAddress.Parse("192.168.0.1"), Mac, "vif1.0", LeaseNameSource.XenDomain, Bound, Bound.AddDays(3)));
        await ZoneHoldsAsync(node, z => z.Names.TryGetValue("xen1.xen", out var r) && r.Owner.Address.Equals(IPAddress.Parse("192.168.0.1")) && r.Owner.Source == "XenDomain", "xen1.xen", ct);

        var rival = new NameClaim("rack2", "00:16:3e:00:00:09", IPAddress.Parse("192.168.1.9"), Bound.AddHours(1), "HostName", node.Cluster.SelfAddress.ToString(), node.Cluster.SelfUniqueAddress.Uid);
        node.Registry.Tell(new ClaimName("xen1.xen", rival, node.NewClaimant("rival")));
        await ZoneHoldsAsync(node, z => z.Conflicts.Any(), "the conflict on xen1.xen", ct);
        Assert.Equal(
            ["xen1.xen | owner 00:16:3e:00:00:01@kubikal | rejected 00:16:3e:00:00:09@rack2 | since 2026-11-01 09:00:00 UTC | HostName", "Count: 1 conflict"],
            DnsConflictsCommand.ToLines(DnsConflictsCommand.Rows(node.Zone.Current)));

        node.System.EventStream.Publish(new LeaseNameUnbound("xen1", IPAddress.Parse("192.168.0.1"), Mac, "vif1.0"));
        await ZoneHoldsAsync(node, z => z.Names.TryGetValue("xen1.xen", out var r) && r.Owner.HostId == "rack2" && !z.Conflicts.Any(), "xen1.xen passed to the rival", ct);
        Assert.Equal(["Count: 0 conflicts"], DnsConflictsCommand.ToLines(DnsConflictsCommand.Rows(node.Zone.Current)));
    }

    [Fact]
    public async Task A_refused_subnet_withholds_the_guests_names_until_the_overlap_is_gone()
    {
        var ct = TestContext.Current.CancellationToken;
        var options = new NameClaimantOptions("rack2", "xen", IPAddress.Parse("192.168.0.254"), TimeSpan.FromSeconds(30));
        await using var node = await MeshNode.StartAsync("rack2", "192.168.0.0/24", [], ct, akka =>
            akka.WithActors((system, registry) => system.ActorOf(NameClaimant.Props(options, registry.Get<NameRegistry>(), null), "name-claimant")), serializeMessages: true);
        // The claimant claims its host's name once it has subscribed to the EventStream.
        await ZoneHoldsAsync(node, z => z.Names.ContainsKey("rack2.xen"), "rack2.xen", ct);
        node.System.EventStream.Publish(new LeaseNameBound("web", IPAddress.Parse("192.168.0.5"), Mac, "vif2.0", LeaseNameSource.HostName, Bound, Bound.AddDays(3)));
        await ZoneHoldsAsync(node, z => z.Names.ContainsKey("web.xen") && z.Names.ContainsKey("rack2.xen"), "web.xen and rack2.xen", ct);

        var earlier = new HostRecord("kubikal", "192.168.0.0/24", null, Bound, 0, "akka.tcp://xenmesh@10.0.0.1:4053", 1);
        var refused = new HostRecord("rack2", "192.168.0.0/24", null, Bound.AddHours(1), 0, node.Cluster.SelfAddress.ToString(), 2);
        node.System.EventStream.Publish(new SubnetStanding(new SubnetOverlap(refused, earlier)));
        await ZoneHoldsAsync(node, z => !z.Names.ContainsKey("web.xen") && z.Names.ContainsKey("rack2.xen"), "web.xen withheld, rack2.xen kept", ct);

        node.System.EventStream.Publish(new SubnetStanding(null));
        await ZoneHoldsAsync(node, z => z.Names.ContainsKey("web.xen"), "web.xen back", ct);
    }

    [Fact]
    public async Task Cluster_show_and_host_list_print_the_lone_member_as_pbm_does()
    {
        var ct = TestContext.Current.CancellationToken;
        var options = new NameClaimantOptions("kubikal", "xen", IPAddress.Parse("192.168.0.254"), TimeSpan.FromSeconds(30));
        await using var node = await MeshNode.StartAsync("kubikal", "192.168.0.0/24", [], ct, akka =>
            akka.WithActors((system, registry) => system.ActorOf(NameClaimant.Props(options, registry.Get<NameRegistry>(), null), "name-claimant")), serializeMessages: true);
        await node.AwaitUpAsync(1, ct);
        await ZoneHoldsAsync(node, z => z.Names.ContainsKey("kubikal.xen"), "kubikal.xen", ct);
        await Eventually.HoldsAsync(() => Task.FromResult((node.Hosts.Current.Hosts.Count == 1, $"{node.Hosts.Current.Hosts.Count} hosts")), Timeout, "the host registered", ct);

        Assert.Equal(
            [$"akka.tcp://xenmesh@127.0.0.1:{node.Endpoint.Port} | [dom0] | up | reachable", "Count: 1 node"],
            ClusterPalette.ToLines(ClusterPalette.Rows(node.Cluster.State)));
        Assert.Equal(
            ["kubikal | - | 192.168.0.0/24 | leases 0 | names 1", "Count: 1 host"],
            HostPalette.ToLines(HostPalette.Rows(node.Hosts.Current, node.Zone.Current)));
    }

    private static Task ZoneHoldsAsync(MeshNode node, Func<NameTable, bool> condition, string what, CancellationToken ct) =>
        Eventually.HoldsAsync(
            () => Task.FromResult((condition(node.Zone.Current), string.Join("; ", node.Zone.Current.Names.Values.Select(r => $"{r.Fqdn}={r.Owner.Address}@{r.Owner.HostId}+{r.Rejected.Count}")))),
            Timeout,
            what,
            ct);
}
