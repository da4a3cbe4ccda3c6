using System.Collections.Immutable;
using System.Net;
using XenMesh.Cluster.Hosts;
using XenMesh.Cluster.Names;
using XenMesh.Messages.Hosts;
using XenMesh.Messages.Leases;
using XenMesh.Messages.Names;
using XenMesh.Messages.Values;
using XenMesh.Node.Dns.Zone;
using static XenMesh.Messages.Names.NameRegistryMessages;
using static XenMesh.Node.Dhcp.Leases.LeaseNameChanges;
using static XenMesh.Node.Dhcp.Leases.LeasePoolProtocol;

namespace XenMesh.Tests.Dns.Zone;

public sealed class ZoneFeedTests : Akka.TestKit.Xunit.TestKit
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly DateTimeOffset Since = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly MacAddress Mac = MacAddress.Parse("aa:cc:00:00:00:01");
    private static readonly LocalZoneSettings Settings = new("xen", "kubikal", new Ipv4Interface(IPAddress.Parse("192.168.0.254"), TestZone.Subnet), 30);

    [Fact]
    public async Task The_zone_starts_from_the_pools_named_leases_and_follows_its_changes()
    {
        var ct = TestContext.Current.CancellationToken;
        var pool = CreateTestProbe();
        var holder = new ZoneSnapshotHolder();
        Sys.ActorOf(ZoneFeed.Props(Settings, pool.Ref, holder, new ZoneView(), new HostView()));

        pool.ExpectMsg<ListLeases>(cancellationToken: ct);
        // Published before the list answers: already in the list, so it is skipped rather than applied twice.
        Sys.EventStream.Publish(new LeaseNameUnbound("xen1", IPAddress.Parse("192.168.0.1"), Mac, "vif1.0"));
        pool.Reply(new LeaseList(
        [
            Lease("192.168.0.1", "xen1"),
            Lease("192.168.0.3", null),
        ]));
        await holder.FirstPublished.WaitAsync(Timeout, ct);
        var first = holder.Current!;
        Assert.Equal(
            [new ZoneRecord("kubikal", IPAddress.Parse("192.168.0.254"), "kubikal"), new ZoneRecord("xen1", IPAddress.Parse("192.168.0.1"), "kubikal")],
            first.Records);

        Sys.EventStream.Publish(new LeaseNameBound("db", IPAddress.Parse("192.168.0.2"), Mac, "vif2.0", LeaseNameSource.XenDomain, Since, Since.AddDays(3)));
        Sys.EventStream.Publish(new LeaseNameUnbound("xen1", IPAddress.Parse("192.168.0.1"), Mac, "vif1.0"));
        await Eventually.HoldsAsync(
            () => Task.FromResult((holder.Current!.Records.Count == 2 && holder.Current.Records.Any(r => r.Name == "db"), string.Join(",", holder.Current.Records))),
            Timeout,
            "db bound and xen1 unbound",
            ct);

        Assert.DoesNotContain(holder.Current!.Records, r => r.Name == "xen1");
        Assert.True(holder.Current.Content.Serial > first.Content.Serial);
    }

    [Fact]
    public async Task The_zone_follows_the_mesh_replica_and_the_host_registry()
    {
        var ct = TestContext.Current.CancellationToken;
        var pool = CreateTestProbe();
        var holder = new ZoneSnapshotHolder();
        var names = new ZoneView();
        var hosts = new HostView();
        Sys.ActorOf(ZoneFeed.Props(Settings, pool.Ref, holder, names, hosts));
        pool.ExpectMsg<ListLeases>(cancellationToken: ct);
        pool.Reply(new LeaseList([Lease("192.168.0.1", "xen1")]));
        await holder.FirstPublished.WaitAsync(Timeout, ct);
        var first = holder.Current!;

        var rack2 = new HostRecord("rack2", "192.168.1.0/24", null, Since, 0, "akka.tcp://xenmesh@10.0.0.2:4053", 2);
        var hostSnapshot = new HostSnapshot([rack2], []);
        hosts.Swap(hostSnapshot);
        Sys.EventStream.Publish(hostSnapshot);
        var web = new NameClaim("rack2", "aa:cc:00:00:00:09", IPAddress.Parse("192.168.1.9"), Since, "HostName", rack2.Node, 2);
        var table = new NameTable(ImmutableSortedDictionary.Create<string, NameRecord>(StringComparer.Ordinal).Add("web.xen", new NameRecord("web.xen", web, [])), 1);
        names.Swap(table);
        Sys.EventStream.Publish(table);
        await Eventually.HoldsAsync(
            () => Task.FromResult((holder.Current!.Records.Any(r => r is { Name: "web", Owner: "rack2" }) && holder.Current.Content.ReverseSubnets.Count == 2, string.Join(",", holder.Current.Records))),
            Timeout,
            "rack2's web and its reverse zone",
            ct);
        Assert.True(holder.Current!.Content.Serial > first.Content.Serial);
        Assert.Contains(holder.Current.Records, r => r is { Name: "xen1", Owner: "kubikal" });
    }

    [Fact]
    public async Task A_table_that_names_its_changes_updates_only_those_names()
    {
        var ct = TestContext.Current.CancellationToken;
        var pool = CreateTestProbe();
        var holder = new ZoneSnapshotHolder();
        var names = new ZoneView();
        Sys.ActorOf(ZoneFeed.Props(Settings, pool.Ref, holder, names, new HostView()));
        pool.ExpectMsg<ListLeases>(cancellationToken: ct);
        pool.Reply(new LeaseList([Lease("192.168.0.1", "xen1"), Lease("192.168.0.2", "web")]));
        await holder.FirstPublished.WaitAsync(Timeout, ct);

        var node = "akka.tcp://xenmesh@10.0.0.2:4053";
        var web = new NameRecord("web.xen", new NameClaim("rack2", "aa:cc:00:00:00:09", IPAddress.Parse("192.168.1.9"), Since, "HostName", node, 2), []);
        var db = new NameRecord("db.xen", new NameClaim("rack2", "aa:cc:00:00:00:0a", IPAddress.Parse("192.168.1.10"), Since, "HostName", node, 2), []);
        var empty = ImmutableSortedDictionary.Create<string, NameRecord>(StringComparer.Ordinal);
        // db is in the table but not among its changes: the feed takes only what the table says changed.
        var table = new NameTable(empty.Add("web.xen", web).Add("db.xen", db), 1, new HashSet<string>(["web.xen"], StringComparer.Ordinal));
        names.Swap(table);
        Sys.EventStream.Publish(table);
        await Eventually.HoldsAsync(
            () => Task.FromResult((holder.Current!.Records.Any(r => r is { Name: "web", Owner: "rack2" }), string.Join(",", holder.Current.Records))),
            Timeout,
            "rack2's web in place of the local lease",
            ct);
        Assert.DoesNotContain(holder.Current!.Records, r => r is { Name: "web", Owner: "kubikal" } || r.Name == "db");

        Sys.EventStream.Publish(new LeaseNameBound("app", IPAddress.Parse("192.168.0.3"), Mac, "vif1.0", LeaseNameSource.XenDomain, Since, Since.AddDays(3)));
        var gone = new NameTable(empty.Add("db.xen", db), 2, new HashSet<string>(["web.xen"], StringComparer.Ordinal));
        names.Swap(gone);
        Sys.EventStream.Publish(gone);
        await Eventually.HoldsAsync(
            () => Task.FromResult((holder.Current!.Records.Any(r => r is { Name: "web", Owner: "kubikal" }) && holder.Current.Records.Any(r => r.Name == "app"), string.Join(",", holder.Current.Records))),
            Timeout,
            "the local web back once rack2's is gone, and the new lease",
            ct);
        Assert.Equal(
            ["app 192.168.0.3 kubikal", "kubikal 192.168.0.254 kubikal", "web 192.168.0.2 kubikal", "xen1 192.168.0.1 kubikal"],
            holder.Current!.Records.Select(r => $"{r.Name} {r.Address} {r.Owner}"));
    }

    private static LeaseRecord Lease(string address, string? name) =>
        new(IPAddress.Parse(address), Mac, null, "vif1.0", name, name is null ? LeaseNameSource.None : LeaseNameSource.XenDomain, Since, Since.AddDays(3));
}
