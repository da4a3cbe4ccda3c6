using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using XenMesh.Node.Configuration;
using XenMesh.Node.Dns.Wire;

namespace XenMesh.Node.Dns.Zone;

/// <summary>
/// An immutable view of the mesh zone and the reverse zones, built once per change and read by every
/// receive loop without locks. Each existing name maps to its RRsets already in wire form, so answering is a
/// lookup and a copy; names are keyed by their lower-case wire form (RFC 4343 matching). Built from the
/// previous snapshot, only the names and addresses whose records changed are encoded again: one new lease in a
/// zone of 10 000 names costs a copy of the lookup table, not 10 000 encodings.
/// </summary>
public sealed class ZoneSnapshot
{
    private const uint Refresh = 3600;
    private const uint Retry = 600;
    private const uint Expire = 86400;

    private readonly Dictionary<string, ZoneNode> _nodes;
    private readonly Dictionary<string, ZoneNode>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly ZoneApex[] _zones;
    private readonly HashSet<ZoneRecord> _served;
    private readonly Lazy<ZoneRecord[]> _records;

    private ZoneSnapshot(ZoneContent content, HashSet<ZoneRecord> served, Dictionary<string, ZoneNode> nodes, ZoneApex[] zones)
    {
        Content = content;
        _served = served;
        _records = new(() => [.. served.OrderBy(r => r.Name, StringComparer.Ordinal).ThenBy(r => Messages.Values.Ipv4Subnet.ToUInt32(r.Address)).ThenBy(r => r.Owner, StringComparer.Ordinal)]);
        _nodes = nodes;
        _lookup = nodes.GetAlternateLookup<ReadOnlySpan<char>>();
        _zones = zones;
    }

    /// <summary>What the snapshot was built from.</summary>
    public ZoneContent Content { get; }

    /// <summary>
    /// The records served, ordered by name then address (invalid ones left out); sorted on first use, since only
    /// the command palette reads the list.
    /// </summary>
    public IReadOnlyList<ZoneRecord> Records => _records.Value;

    /// <summary>How many records are served.</summary>
    public int RecordCount => _served.Count;

    /// <summary>The zones served: the forward zone first, then the reverse zones.</summary>
    public IEnumerable<DnsName> Zones => _zones.Select(z => z.Name);

    public static ZoneSnapshot Build(ZoneContent content) => Build(content, null);

    /// <summary>
    /// The snapshot of <paramref name="content"/>. With the <paramref name="previous"/> snapshot of the same zones
    /// (domain, name server, TTL and reverse zones unchanged), only what differs from it is encoded; an address that
    /// loses its last name takes a full build, which also drops the empty non-terminals above it.
    /// </summary>
    public static ZoneSnapshot Build(ZoneContent content, ZoneSnapshot? previous)
    {
        ArgumentNullException.ThrowIfNull(content);
        var ttl = content.Ttl;
        var domain = DnsName.Parse(content.Domain).ToLowerInvariant();
        var nameServer = domain.Prepend(Encoding.ASCII.GetBytes(content.NameServer.ToLowerInvariant()));
        var mailbox = domain.Prepend("hostmaster"u8);
        var soaRdata = SoaRdata(nameServer, mailbox, content.Serial, ttl);
        var zones = new List<ZoneApex> { Apex(domain, soaRdata, ttl) };
        foreach (var subnet in content.ReverseSubnets.Distinct())
        {
            var name = DnsName.Parse(ReverseName.ZoneOf(subnet));
            if (zones.All(z => !z.Name.Equals(name)))
                zones.Add(Apex(name, soaRdata, ttl));
        }

        var served = Served(content.Records).ToHashSet();
        var soa = new EncodedRrset(Record(DnsRecordType.SOA, ttl, soaRdata), 1);
        var ns = new EncodedRrset(Record(DnsRecordType.NS, ttl, nameServer.Wire), 1);
        var writer = new NodeWriter(domain, ttl, [.. zones]);
        if (previous is not null && SameZones(previous, content, zones)
            && Update(previous, served, served.Where(r => !previous._served.Contains(r)).Concat(previous._served.Where(r => !served.Contains(r))), writer) is { } updated)
        {
            AddApexes(updated, zones, soa, ns);
            return new(content, served, updated, [.. zones]);
        }

        var nodes = new Dictionary<string, ZoneNode>(StringComparer.Ordinal);
        foreach (var byName in served.GroupBy(r => r.Name))
            writer.PlaceName(nodes, byName.Key, byName);
        foreach (var byAddress in served.GroupBy(r => r.Address))
            writer.PlaceAddress(nodes, byAddress.Key, byAddress);
        AddApexes(nodes, zones, soa, ns);
        return new(content, served, nodes, [.. zones]);
    }

    /// <summary>
    /// This snapshot with the records of some names replaced, without composing and comparing the whole zone again:
    /// <paramref name="before"/> holds every record this snapshot was given for those names (any letter case) and
    /// <paramref name="after"/> every record they have now. Costs copies of the lookup tables, one pass to collect the
    /// records of the changed names and addresses, and their encoding; when an address loses its last name in a
    /// reverse zone it falls back to a full build.
    /// </summary>
    public ZoneSnapshot Apply(uint serial, IEnumerable<ZoneRecord> before, IEnumerable<ZoneRecord> after)
    {
        var removed = Served(before).ToHashSet();
        var added = Served(after).ToHashSet();
        var changed = removed.Where(r => !added.Contains(r)).Concat(added.Where(r => !removed.Contains(r))).ToList();
        var served = new HashSet<ZoneRecord>(_served);
        served.ExceptWith(removed);
        served.UnionWith(added);
        var content = Content with { Records = [.. served], Serial = serial };
        var ttl = content.Ttl;
        var domain = DnsName.Parse(content.Domain).ToLowerInvariant();
        var nameServer = domain.Prepend(Encoding.ASCII.GetBytes(content.NameServer.ToLowerInvariant()));
        var soaRdata = SoaRdata(nameServer, domain.Prepend("hostmaster"u8), serial, ttl);
        ZoneApex[] zones = [.. _zones.Select(z => Apex(z.Name, soaRdata, ttl))];
        if (Update(this, served, changed, new NodeWriter(domain, ttl, zones)) is not { } updated)
            return Build(content);
        AddApexes(updated, [.. zones], new EncodedRrset(Record(DnsRecordType.SOA, ttl, soaRdata), 1), new EncodedRrset(Record(DnsRecordType.NS, ttl, nameServer.Wire), 1));
        return new(content, served, updated, zones);
    }

    /// <summary>The zone <paramref name="lowerName"/> (lower-case wire form) falls in, or null when it is none of ours.</summary>
    internal ZoneApex? FindZone(ReadOnlySpan<byte> lowerName)
    {
        foreach (var zone in _zones)
        {
            var apex = zone.LowerWire;
            if (lowerName.Length >= apex.Length && lowerName.EndsWith(apex) && IsLabelBoundary(lowerName, lowerName.Length - apex.Length))
                return zone;
        }

        return null;
    }

    /// <summary>The node of an existing name (lower-case wire form), or null (NXDOMAIN).</summary>
    internal ZoneNode? FindNode(ReadOnlySpan<byte> lowerName)
    {
        Span<char> key = stackalloc char[lowerName.Length];
        for (var i = 0; i < lowerName.Length; i++)
            key[i] = (char)lowerName[i];
        return _lookup.TryGetValue(key, out var node) ? node : null;
    }

    private static bool IsLabelBoundary(ReadOnlySpan<byte> name, int offset)
    {
        var position = 0;
        while (position < offset)
            position += name[position] + 1;
        return position == offset;
    }

    /// <summary>The records a snapshot serves: valid labels, lower case, IPv4 only.</summary>
    private static IEnumerable<ZoneRecord> Served(IEnumerable<ZoneRecord> records) =>
        records.Where(r => DnsLabel.IsValid(r.Name) && r.Address.AddressFamily == AddressFamily.InterNetwork)
            .Select(r => r with { Name = r.Name.ToLowerInvariant() });

    private static bool SameZones(ZoneSnapshot previous, ZoneContent content, List<ZoneApex> zones) =>
        previous.Content.Domain == content.Domain
        && previous.Content.NameServer == content.NameServer
        && previous.Content.Ttl == content.Ttl
        && previous._zones.Select(z => z.Name).SequenceEqual(zones.Select(z => z.Name));

    /// <summary>
    /// A copy of the previous lookup table with the names and addresses whose records changed encoded again, or
    /// null when an address in a reverse zone lost its last name (a full build removes its empty ancestors).
    /// Nodes of the previous snapshot are replaced, never changed: receive loops may still be reading them.
    /// </summary>
    private static Dictionary<string, ZoneNode>? Update(ZoneSnapshot previous, HashSet<ZoneRecord> served, IEnumerable<ZoneRecord> changes, NodeWriter writer)
    {
        var names = new Dictionary<string, List<ZoneRecord>>(StringComparer.Ordinal);
        var addresses = new Dictionary<IPAddress, List<ZoneRecord>>();
        foreach (var changed in changes)
        {
            names.TryAdd(changed.Name, []);
            addresses.TryAdd(changed.Address, []);
        }

        if (names.Count == 0)
            return new(previous._nodes, StringComparer.Ordinal);
        foreach (var record in served)
        {
            if (names.TryGetValue(record.Name, out var byName))
                byName.Add(record);
            if (addresses.TryGetValue(record.Address, out var byAddress))
                byAddress.Add(record);
        }

        if (addresses.Any(kv => kv.Value.Count == 0 && writer.ReverseZoneOf(kv.Key) is not null))
            return null;
        var nodes = new Dictionary<string, ZoneNode>(previous._nodes, StringComparer.Ordinal);
        foreach (var (name, records) in names)
        {
            if (records.Count == 0)
                nodes.Remove(writer.ForwardKey(name));
            else
                writer.PlaceName(nodes, name, records);
        }

        foreach (var (address, records) in addresses)
        {
            if (records.Count > 0)
                writer.PlaceAddress(nodes, address, records);
        }

        return nodes;
    }

    private static void AddApexes(Dictionary<string, ZoneNode> nodes, List<ZoneApex> zones, EncodedRrset soa, EncodedRrset ns)
    {
        foreach (var zone in zones)
            NodeWriter.Replace(nodes, zone, zone.Name, node => node with { Soa = soa, Ns = ns });
    }

    private static ZoneApex Apex(DnsName name, byte[] soaRdata, uint ttl)
    {
        var negative = new byte[10 + soaRdata.Length];
        BinaryPrimitives.WriteUInt16BigEndian(negative, (ushort)DnsRecordType.SOA);
        BinaryPrimitives.WriteUInt16BigEndian(negative.AsSpan(2), (ushort)DnsClass.IN);
        BinaryPrimitives.WriteUInt32BigEndian(negative.AsSpan(4), ttl);
        BinaryPrimitives.WriteUInt16BigEndian(negative.AsSpan(8), (ushort)soaRdata.Length);
        soaRdata.CopyTo(negative, 10);
        return new ZoneApex(name, negative);
    }

    private static byte[] SoaRdata(DnsName primary, DnsName mailbox, uint serial, uint minimum)
    {
        var rdata = new byte[primary.Wire.Length + mailbox.Wire.Length + 20];
        primary.Wire.CopyTo(rdata);
        mailbox.Wire.CopyTo(rdata.AsSpan(primary.Wire.Length));
        var counters = rdata.AsSpan(primary.Wire.Length + mailbox.Wire.Length);
        BinaryPrimitives.WriteUInt32BigEndian(counters, serial);
        BinaryPrimitives.WriteUInt32BigEndian(counters[4..], Refresh);
        BinaryPrimitives.WriteUInt32BigEndian(counters[8..], Retry);
        BinaryPrimitives.WriteUInt32BigEndian(counters[12..], Expire);
        BinaryPrimitives.WriteUInt32BigEndian(counters[16..], minimum);
        return rdata;
    }

    private static EncodedRrset Rrset(DnsRecordType type, uint ttl, IEnumerable<byte[]> rdatas)
    {
        var records = rdatas.Select(rdata => Record(type, ttl, rdata)).ToArray();
        return new(records.SelectMany(r => r).ToArray(), records.Length);
    }

    private static byte[] Record(DnsRecordType type, uint ttl, ReadOnlySpan<byte> rdata)
    {
        var record = new byte[12 + rdata.Length];
        record[0] = 0xc0;
        record[1] = DnsLimits.HeaderLength;
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(2), (ushort)type);
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(4), (ushort)DnsClass.IN);
        BinaryPrimitives.WriteUInt32BigEndian(record.AsSpan(6), ttl);
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(10), (ushort)rdata.Length);
        rdata.CopyTo(record.AsSpan(12));
        return record;
    }

    /// <summary>How one snapshot encodes names and addresses into nodes.</summary>
    private sealed class NodeWriter(DnsName domain, uint ttl, ZoneApex[] zones)
    {
        public string ForwardKey(string name) => Encoding.Latin1.GetString(Forward(name).ToLowerInvariant().Wire);

        public ZoneApex? ReverseZoneOf(IPAddress address)
        {
            var reverse = DnsName.Parse(ReverseName.Of(address));
            return zones.Skip(1).FirstOrDefault(z => reverse.IsSubdomainOf(z.Name));
        }

        /// <summary>The A RRset of <paramref name="name"/>: every record's address, ascending.</summary>
        public void PlaceName(Dictionary<string, ZoneNode> nodes, string name, IEnumerable<ZoneRecord> records)
        {
            var rrset = Rrset(DnsRecordType.A, ttl, records.Select(r => r.Address).OrderBy(Messages.Values.Ipv4Subnet.ToUInt32).Select(address => address.GetAddressBytes()));
            Replace(nodes, zones[0], Forward(name), node => node with { A = rrset });
        }

        /// <summary>The PTR RRset of <paramref name="address"/>, when a reverse zone holds it: every record's name, ordinal order.</summary>
        public void PlaceAddress(Dictionary<string, ZoneNode> nodes, IPAddress address, IEnumerable<ZoneRecord> records)
        {
            var reverse = DnsName.Parse(ReverseName.Of(address));
            if (zones.Skip(1).FirstOrDefault(z => reverse.IsSubdomainOf(z.Name)) is not { } zone)
                return;
            var ptr = Rrset(DnsRecordType.PTR, ttl, records.Select(r => r.Name).Order(StringComparer.Ordinal).Select(n => Forward(n).Wire.ToArray()));
            Replace(nodes, zone, reverse, node => node with { Ptr = ptr });
        }

        /// <summary>
        /// Puts <paramref name="change"/> of the node of <paramref name="name"/> (an empty one if there is none) in its
        /// place, and creates every name between the apex and it: empty non-terminals answer NODATA, not NXDOMAIN.
        /// </summary>
        public static void Replace(Dictionary<string, ZoneNode> nodes, ZoneApex zone, DnsName name, Func<ZoneNode, ZoneNode> change)
        {
            var wire = name.ToLowerInvariant().Wire;
            var key = Encoding.Latin1.GetString(wire);
            nodes[key] = change(nodes.GetValueOrDefault(key) ?? ZoneNode.Empty);
            for (var offset = wire[0] + 1; wire[offset] != 0 && wire.Length - offset >= zone.LowerWire.Length; offset += wire[offset] + 1)
                nodes.TryAdd(Encoding.Latin1.GetString(wire[offset..]), ZoneNode.Empty);
        }

        private DnsName Forward(string name) => domain.Prepend(Encoding.ASCII.GetBytes(name));
    }
}
