namespace XenMesh.Node.Dns.Wire;

/// <summary>One entry of the question section.</summary>
public sealed record DnsQuestion(DnsName Name, DnsRecordType Type, DnsClass Class);
