using System.Net;
using XenMesh.Messages.Values;
using XenMesh.Node.Dns.Wire;
using XenMesh.Node.Dns.Zone;

namespace XenMesh.Tests.Dns.Zone;

/// <summary>A snapshot built from the previous one answers exactly as one built from scratch, and shares what did not change.</summary>
public sealed class ZoneSnapshotUpdateTests
{
    private static readonly string[] Labels = ["xen1", "db", "web", "mail", "app", "cache", "Mixed", "kubikal", "rack2", "a-b", "bad_label", "z9"];

    private static readonly IPAddress[] Addresses =
    [
        .. Enumerable.Range(1, 8).Select(i => IPAddress.Parse($"192.168.0.{i}")),
        IPAddress.Parse("192.168.7.9"),
        IPAddress.Parse("10.9.0.1"),
        IPAddress.Parse("10.9.3.4"),
    ];

    private static readonly Ipv4Subnet Own = new(0xc0a80000, 24);
    private static readonly Ipv4Subnet Other = new(0xc0a80700, 24);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void A_chain_of_updates_answers_every_name_as_a_full_build(int seed)
    {
        var random = new Random(seed);
        ZoneSnapshot? chained = null;
        for (var step = 0; step < 40; step++)
        {
            var subnets = random.Next(4) == 0 ? new[] { Own } : [Own, Other];
            var records = Enumerable.Range(0, random.Next(0, 14))
                .Select(_ => new ZoneRecord(Labels[random.Next(Labels.Length)], Addresses[random.Next(Addresses.Length)], random.Next(2) == 0 ? "kubikal" : "rack2"))
                .ToList();
            var content = new ZoneContent("xen", records, subnets, (uint)(100 + step), "kubikal", 30);

            chained = ZoneSnapshot.Build(content, chained);
            var full = ZoneSnapshot.Build(content);

            Assert.Equal(Answers(full), Answers(chained));
            Assert.Equal(full.Records, chained.Records);
        }
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    [InlineData(14)]
    public void A_chain_of_applied_label_changes_answers_every_name_as_a_full_build(int seed)
    {
        var random = new Random(seed);
        var byLabel = new Dictionary<string, List<ZoneRecord>>(StringComparer.OrdinalIgnoreCase);
        var chained = ZoneSnapshot.Build(new ZoneContent("xen", [], [Own, Other], 100, "kubikal", 30));
        for (var step = 0; step < 60; step++)
        {
            List<ZoneRecord> before = [];
            List<ZoneRecord> after = [];
            foreach (var label in Enumerable.Range(0, random.Next(1, 4)).Select(_ => Labels[random.Next(Labels.Length)]).Distinct(StringComparer.OrdinalIgnoreCase))
            {
                before.AddRange(byLabel.GetValueOrDefault(label) ?? []);
                List<ZoneRecord> now = [.. Enumerable.Range(0, random.Next(0, 3))
                    .Select(_ => new ZoneRecord(random.Next(2) == 0 ? label : label.ToUpperInvariant(), Addresses[random.Next(Addresses.Length)], random.Next(2) == 0 ? "kubikal" : "rack2"))];
                after.AddRange(now);
                byLabel[label] = now;
            }

            chained = chained.Apply((uint)(101 + step), before, after);
            var full = ZoneSnapshot.Build(new ZoneContent("xen", [.. byLabel.Values.SelectMany(r => r)], [Own, Other], (uint)(101 + step), "kubikal", 30));

            Assert.Equal(Answers(full), Answers(chained));
            Assert.Equal(full.Records, chained.Records);
            Assert.Equal(full.Content.Serial, chained.Content.Serial);
        }
    }

    [Fact]
    public void One_new_name_replaces_only_its_own_nodes_and_the_apexes()
    {
        var before = TestZone.Snapshot(("xen1", "192.168.0.1"), ("db", "192.168.0.2"));
        var after = ZoneSnapshot.Build(TestZone.Content(("xen1", "192.168.0.1"), ("db", "192.168.0.2"), ("web", "192.168.0.3")) with { Serial = 8 }, before);

        Assert.Same(Node(before, "xen1.xen"), Node(after, "xen1.xen"));
        Assert.Same(Node(before, "2.0.168.192.in-addr.arpa"), Node(after, "2.0.168.192.in-addr.arpa"));
        Assert.NotNull(Node(after, "web.xen")?.A);
        Assert.NotNull(Node(after, "3.0.168.192.in-addr.arpa")?.Ptr);
        Assert.NotSame(Node(before, "xen"), Node(after, "xen"));
        Assert.Equal(4, after.RecordCount);
    }

    private static ZoneNode? Node(ZoneSnapshot snapshot, string name) => snapshot.FindNode(DnsName.Parse(name).ToLowerInvariant().Wire);

    /// <summary>Every name the records could make, with each of its ancestors: the RRsets found there, or NXDOMAIN.</summary>
    private static List<string> Answers(ZoneSnapshot snapshot)
    {
        var names = new HashSet<string>(StringComparer.Ordinal) { "xen", "in-addr.arpa", "arpa" };
        foreach (var label in Labels)
            names.Add($"{label.ToLowerInvariant()}.xen");
        foreach (var address in Addresses)
        {
            var reverse = ReverseName.Of(address);
            for (var at = 0; at >= 0; at = reverse.IndexOf('.', at) is var dot and >= 0 ? dot + 1 : -1)
                names.Add(reverse[at..]);
        }

        return [.. names.Order(StringComparer.Ordinal).Select(name => Node(snapshot, name) is { } node
            ? $"{name}: A {Hex(node.A)} PTR {Hex(node.Ptr)} SOA {Hex(node.Soa)} NS {Hex(node.Ns)}"
            : $"{name}: NXDOMAIN")];
    }

    private static string Hex(EncodedRrset? rrset) => rrset is null ? "-" : $"{rrset.Count}:{Convert.ToHexString(rrset.Bytes)}";
}
