using XenMesh.Node.Dns.Wire;

namespace XenMesh.Node.Dns.Recursion;

/// <summary>
/// A question as the cache and the outstanding-query table know it. <see cref="DnsName"/> compares
/// case-insensitively, so <c>Example.ORG</c> and <c>example.org</c> share one entry and one upstream query.
/// </summary>
public readonly record struct QuestionKey(DnsName Name, DnsRecordType Type, DnsClass Class)
{
    public override string ToString() => $"{Name} {Type} {Class}";
}
