using System.Net;
using System.Net.Sockets;

namespace XenMesh.Node.Dns.Wire;

/// <summary>The RDATA of a resource record, typed where XenMesh reads it.</summary>
public abstract record DnsRecordData
{
    /// <summary>True when this RDATA can stand in a record of <paramref name="type"/>.</summary>
    public abstract bool Fits(DnsRecordType type);
}

/// <summary>A (an IPv4 address) or AAAA (an IPv6 address).</summary>
public sealed record AddressRecordData(IPAddress Address) : DnsRecordData
{
    public override bool Fits(DnsRecordType type) =>
        type == (Address.AddressFamily == AddressFamily.InterNetwork ? DnsRecordType.A : DnsRecordType.AAAA);
}

/// <summary>NS, CNAME or PTR: one domain name, compressible (RFC 1035 types).</summary>
public sealed record NameRecordData(DnsName Target) : DnsRecordData
{
    public override bool Fits(DnsRecordType type) => type is DnsRecordType.NS or DnsRecordType.CNAME or DnsRecordType.PTR;
}

/// <summary>SOA (RFC 1035 §3.3.13); <see cref="Minimum"/> caps the negative-caching TTL (RFC 2308 §5).</summary>
public sealed record SoaRecordData(
    DnsName PrimaryServer,
    DnsName ResponsibleMailbox,
    uint Serial,
    uint Refresh,
    uint Retry,
    uint Expire,
    uint Minimum) : DnsRecordData
{
    public override bool Fits(DnsRecordType type) => type == DnsRecordType.SOA;
}

/// <summary>
/// RDATA of any other type, uninterpreted (RFC 3597) and never compressed when written. The parser writes out
/// in full the names a sender may compress inside it (MX, SRV and the others of RFC 3597 §4), so these octets
/// stand on their own in any message.
/// </summary>
public sealed record OpaqueRecordData(ReadOnlyMemory<byte> Bytes) : DnsRecordData
{
    public override bool Fits(DnsRecordType type) =>
        type is not (DnsRecordType.A or DnsRecordType.AAAA or DnsRecordType.NS or DnsRecordType.CNAME
            or DnsRecordType.PTR or DnsRecordType.SOA or DnsRecordType.OPT);

    public bool Equals(OpaqueRecordData? other) => other is not null && Bytes.Span.SequenceEqual(other.Bytes.Span);

    public override int GetHashCode() => Bytes.Length;
}
