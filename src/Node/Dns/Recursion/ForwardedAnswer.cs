using XenMesh.Node.Dns.Wire;

namespace XenMesh.Node.Dns.Recursion;

/// <summary>
/// What the forwarder keeps of an upstream answer and gives its clients (protocol-rules F4): the answer
/// records on the question's CNAME chain and, for NXDOMAIN and NODATA, the SOA that bounds the negative
/// TTL (RFC 2308 §5). Other authority and all additional records are dropped, so nothing outside the
/// question's own chain is ever cached or passed on.
/// </summary>
/// <param name="Rcode">NOERROR or NXDOMAIN; upstream errors never become an answer.</param>
/// <param name="Answers">The chain's records in the upstream's order.</param>
/// <param name="Authorities">The SOA of a negative answer; empty for a positive one.</param>
/// <param name="CacheTtl">How long the answer may be cached; zero means not at all.</param>
public sealed record ForwardedAnswer(
    DnsResponseCode Rcode,
    IReadOnlyList<DnsResourceRecord> Answers,
    IReadOnlyList<DnsResourceRecord> Authorities,
    TimeSpan CacheTtl)
{
    /// <summary>This answer <paramref name="age"/> after it was received: every TTL counted down by the whole seconds elapsed.</summary>
    public ForwardedAnswer Aged(TimeSpan age)
    {
        var seconds = (uint)Math.Clamp(Math.Floor(age.TotalSeconds), 0, uint.MaxValue);
        if (seconds == 0)
            return this;
        return this with { Answers = [.. Answers.Select(Age)], Authorities = [.. Authorities.Select(Age)] };

        DnsResourceRecord Age(DnsResourceRecord r) => r with { Ttl = r.Ttl > seconds ? r.Ttl - seconds : 0 };
    }
}
