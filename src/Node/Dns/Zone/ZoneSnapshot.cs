using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using XenMesh.Node.Configuration;
using XenMesh.Node.Dns.Wire;

namespace XenMesh.Node.Dns.Zone;

/// <summary>
/// An immutable view of the mesh zone and the reverse zones, built once per change and read by every
/// receive loop without locks. Each existing name maps to its RRsets already in wire form, so answering is a
/// lookup and a copy; names are keyed by their lower-case wire form (RFC 4343 matching).
/// </summary>
public sealed class ZoneSnapshot
{
    private const uint Refresh = 3600;
    private const uint Retry = 600;
    private const uint Expire = 86400;

    private readonly Dictionary<string, ZoneNode> _nodes;
    private readonly Dictionary<string, ZoneNode>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly ZoneApex[] _zones;

    private ZoneSnapshot(ZoneContent content, IReadOnlyList<ZoneRecord> records, Dictionary<string, ZoneNode> nodes, ZoneApex[] zones)
    {
        Content = content;
        Records = records;
        _nodes = nodes;
        _lookup = nodes.GetAlternateLookup<ReadOnlySpan<char>>();
        _zones = zones;
    }

    /// <summary>What the snapshot was built from.</summary>
    public ZoneContent Content { get; }

    /// <summary>The records served, ordered by name then address (invalid ones left out).</summary>
    public IReadOnlyList<ZoneRecord> Records { get; }

    /// <summary>The zones served: the forward zone first, then the reverse zones.</summary>
    public IEnumerable<DnsName> Zones => _zones.Select(z => z.Name);

    public static ZoneSnapshot Build(ZoneContent content)
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

        var records = content.Records
            .Where(r => DnsLabel.IsValid(r.Name) && r.Address.AddressFamily == AddressFamily.InterNetwork)
            .Select(r => r with { Name = r.Name.ToLowerInvariant() })
            .Distinct()
            .OrderBy(r => r.Name, StringComparer.Ordinal)
            .ThenBy(r => Messages.Values.Ipv4Subnet.ToUInt32(r.Address))
            .ToArray();

        var nodes = new Dictionary<string, ZoneNode>(StringComparer.Ordinal);
        foreach (var zone in zones)
        {
            var apex = Node(nodes, zone, zone.Name);
            apex.Soa = new(Record(DnsRecordType.SOA, ttl, soaRdata), 1);
            apex.Ns = new(Record(DnsRecordType.NS, ttl, nameServer.Wire), 1);
        }

        var forward = zones[0];
        foreach (var byName in records.GroupBy(r => r.Name))
        {
            var node = Node(nodes, forward, domain.Prepend(Encoding.ASCII.GetBytes(byName.Key)));
            node.A = Rrset(DnsRecordType.A, ttl, byName.Select(r => r.Address.GetAddressBytes()));
        }

        foreach (var byAddress in records.GroupBy(r => r.Address))
        {
            var reverse = DnsName.Parse(ReverseName.Of(byAddress.Key));
            if (zones.Skip(1).FirstOrDefault(z => reverse.IsSubdomainOf(z.Name)) is not { } zone)
                continue;
            var node = Node(nodes, zone, reverse);
            node.Ptr = Rrset(DnsRecordType.PTR, ttl, byAddress.Select(r => domain.Prepend(Encoding.ASCII.GetBytes(r.Name)).Wire.ToArray()));
        }

        return new(content, records, nodes, [.. zones]);
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

    private static ZoneNode Node(Dictionary<string, ZoneNode> nodes, ZoneApex zone, DnsName name)
    {
        // Every name between the apex and this one exists too (empty non-terminals answer NODATA, not NXDOMAIN).
        var wire = name.ToLowerInvariant().Wire;
        ZoneNode? found = null;
        for (var offset = 0; wire.Length - offset >= zone.LowerWire.Length; offset += wire[offset] + 1)
        {
            var key = Encoding.Latin1.GetString(wire[offset..]);
            if (!nodes.TryGetValue(key, out var node))
                nodes[key] = node = new ZoneNode(zone);
            found ??= node;
            if (wire[offset] == 0)
                break;
        }

        return found!;
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
}
