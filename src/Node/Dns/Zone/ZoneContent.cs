using XenMesh.Messages.Values;

namespace XenMesh.Node.Dns.Zone;

/// <summary>
/// Everything a <see cref="ZoneSnapshot"/> is built from: the forward zone <paramref name="Domain"/> with its
/// names, and one reverse zone per subnet (<c>0.168.192.in-addr.arpa</c> for 192.168.0.0/24). The local feed
/// fills it from this host's leases; a mesh-wide replica can fill it the same way.
/// </summary>
/// <param name="Domain">The mesh domain without a trailing dot (<c>xen</c>).</param>
/// <param name="Records">The names; a record whose name is not an RFC 1123 label or whose address is not IPv4 is left out.</param>
/// <param name="ReverseSubnets">The subnets whose reverse zones are served (whole octets: a /20 serves its /16's zone).</param>
/// <param name="Serial">The SOA serial; it must move on every change.</param>
/// <param name="NameServer">The label of the name server (this host's id): SOA MNAME and NS are <c>&lt;NameServer&gt;.&lt;Domain&gt;.</c></param>
/// <param name="Ttl">The TTL of every record and the negative-caching TTL (SOA MINIMUM), in seconds.</param>
public sealed record ZoneContent(
    string Domain,
    IReadOnlyList<ZoneRecord> Records,
    IReadOnlyList<Ipv4Subnet> ReverseSubnets,
    uint Serial,
    string NameServer,
    uint Ttl);
