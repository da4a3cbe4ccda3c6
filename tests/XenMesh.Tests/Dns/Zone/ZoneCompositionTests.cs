using System.Collections.Immutable;
using System.Net;
using XenMesh.Cluster.Hosts;
using XenMesh.Cluster.Names;
using XenMesh.Messages.Hosts;
using XenMesh.Messages.Names;
using XenMesh.Messages.Values;
using XenMesh.Node.Dns.Zone;
using static XenMesh.Messages.Names.NameRegistryMessages;

namespace XenMesh.Tests.Dns.Zone;

public sealed class ZoneCompositionTests
{
    private static readonly DateTimeOffset Since = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly LocalZoneSettings Kubikal = new("xen", "kubikal", new Ipv4Interface(IPAddress.Parse("192.168.0.254"), TestZone.Subnet), 30);

    [Fact]
    public void Other_hosts_names_come_from_the_replica_and_this_hosts_from_its_leases()
    {
        var names = Table(
            Record("web.xen", "rack2", "192.168.1.1"),
            Record("rack2.xen", "rack2", "192.168.1.254"),
            Record("xen1.xen", "kubikal", "192.168.0.99"),
            Record("gone.xen", "kubikal", "192.168.0.50"));

        var content = ZoneComposition.Compose(Kubikal, [("xen1", IPAddress.Parse("192.168.0.1")), ("db", IPAddress.Parse("192.168.0.2"))], names, HostSnapshot.Empty, 42);

        Assert.Equal(
            [
                "db 192.168.0.2 kubikal",
                "kubikal 192.168.0.254 kubikal",
                "rack2 192.168.1.254 rack2",
                "web 192.168.1.1 rack2",
                "xen1 192.168.0.1 kubikal",
            ],
            Lines(content));
        Assert.Equal(42u, content.Serial);
        Assert.Equal("kubikal", content.NameServer);
        Assert.Equal("xen", content.Domain);
    }

    [Fact]
    public void A_local_lease_whose_name_the_registry_gave_to_another_host_gets_no_record()
    {
        var names = Table(Record("web.xen", "rack2", "192.168.1.1", rejected: Claim("kubikal", "192.168.0.3")));

        var content = ZoneComposition.Compose(Kubikal, [("web", IPAddress.Parse("192.168.0.3"))], names, HostSnapshot.Empty, 1);

        Assert.Equal(["kubikal 192.168.0.254 kubikal", "web 192.168.1.1 rack2"], Lines(content));
    }

    [Fact]
    public void Without_the_replica_the_host_still_serves_its_own_guests_and_its_reverse_zone()
    {
        var content = ZoneComposition.Compose(Kubikal, [("xen1", IPAddress.Parse("192.168.0.1"))], NameTable.Empty, HostSnapshot.Empty, 1);

        Assert.Equal(["kubikal 192.168.0.254 kubikal", "xen1 192.168.0.1 kubikal"], Lines(content));
        Assert.Equal([TestZone.Subnet], content.ReverseSubnets);
    }

    [Fact]
    public void Every_live_hosts_subnet_gets_a_reverse_zone_once_and_names_outside_the_domain_are_left_out()
    {
        var hosts = new HostSnapshot(
            [Host("kubikal", "192.168.0.0/24"), Host("rack2", "192.168.1.0/24"), Host("rack3", "192.168.2.0/24")],
            []);
        var names = Table(Record("web.example", "rack2", "192.168.1.1"));

        var content = ZoneComposition.Compose(Kubikal, [], names, hosts, 1);

        Assert.Equal(["192.168.0.0/24", "192.168.1.0/24", "192.168.2.0/24"], content.ReverseSubnets.Select(s => s.ToString()));
        Assert.Equal(["kubikal 192.168.0.254 kubikal"], Lines(content));
    }

    [Fact]
    public void The_composed_zone_answers_a_remote_guest_forward_and_reverse()
    {
        var hosts = new HostSnapshot([Host("kubikal", "192.168.0.0/24"), Host("rack2", "192.168.1.0/24")], []);
        var snapshot = ZoneSnapshot.Build(ZoneComposition.Compose(Kubikal, [], Table(Record("web.xen", "rack2", "192.168.1.1")), hosts, 1));

        Assert.Contains(snapshot.Records, r => r is { Name: "web", Owner: "rack2" } && r.Address.Equals(IPAddress.Parse("192.168.1.1")));
        Assert.Contains("1.168.192.in-addr.arpa", snapshot.Zones.Select(z => z.ToString().TrimEnd('.')));
    }

    private static IReadOnlyList<string> Lines(ZoneContent content) =>
        [.. content.Records.Select(r => $"{r.Name} {r.Address} {r.Owner}").Order(StringComparer.Ordinal)];

    private static NameTable Table(params NameRecord[] records) =>
        new(records.ToImmutableSortedDictionary(r => r.Fqdn, r => r, StringComparer.Ordinal), 1);

    private static NameRecord Record(string fqdn, string host, string address, params NameClaim[] rejected) =>
        new(fqdn, Claim(host, address), rejected);

    private static NameClaim Claim(string host, string address) =>
        new(host, "00:16:3e:00:00:01", IPAddress.Parse(address), Since, "HostName", $"akka.tcp://xenmesh@10.0.0.1:4053/{host}", 1);

    private static HostRecord Host(string id, string subnet) =>
        new(id, subnet, null, Since, 0, $"akka.tcp://xenmesh@10.0.0.1:4053/{id}", 1);
}
