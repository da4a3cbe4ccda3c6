using XenMesh.Node.Dns.Wire;

namespace XenMesh.Node.Dns.Zone;

/// <summary>
/// One zone of a snapshot (the forward zone or a reverse zone). <see cref="NegativeSoa"/> is its SOA record
/// for the authority section of NXDOMAIN and NODATA answers (RFC 2308 §3), without the owner: the responder
/// writes a pointer to the apex inside the question name in front of it.
/// </summary>
internal sealed class ZoneApex(DnsName name, byte[] negativeSoa)
{
    public DnsName Name { get; } = name;

    /// <summary>The apex in lower-case wire form.</summary>
    public byte[] LowerWire { get; } = name.ToLowerInvariant().Wire.ToArray();

    public byte[] NegativeSoa { get; } = negativeSoa;
}
