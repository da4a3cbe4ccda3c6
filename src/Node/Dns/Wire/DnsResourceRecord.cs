namespace XenMesh.Node.Dns.Wire;

/// <summary>
/// One resource record of the answer, authority or additional section. <see cref="Data"/> is typed for A,
/// AAAA, NS, CNAME, PTR and SOA and opaque for every other type (RFC 3597); OPT never appears here, it is
/// <see cref="DnsMessage.Edns"/>.
/// </summary>
public sealed record DnsResourceRecord(DnsName Name, DnsRecordType Type, DnsClass Class, uint Ttl, DnsRecordData Data);
