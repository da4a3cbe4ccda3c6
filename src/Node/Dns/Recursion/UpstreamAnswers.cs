using XenMesh.Node.Dns.Wire;

namespace XenMesh.Node.Dns.Recursion;

/// <summary>
/// The pure part of forwarding: whether a datagram is the answer to our upstream query (RFC 5452 §9.1,
/// protocol-rules F2) and what of that answer is kept (F4).
/// </summary>
public static class UpstreamAnswers
{
    /// <summary>The longest a positive answer is cached, whatever its TTL says (F4).</summary>
    public static readonly TimeSpan MaxTtl = TimeSpan.FromDays(1);

    /// <summary>The longest a negative answer is cached (RFC 2308 §5 suggests one to three hours).</summary>
    public static readonly TimeSpan MaxNegativeTtl = TimeSpan.FromHours(1);

    /// <summary>CNAME hops followed within one answer; a longer chain ends there and counts as NODATA.</summary>
    public const int MaxChain = 16;

    /// <summary>
    /// Null when <paramref name="reply"/> is a response with our <paramref name="id"/> and exactly our
    /// question (the name compared case-insensitively, the whole name, never a hash: CVE-2020-25685);
    /// otherwise why it is dropped. The address and port were checked by the transport.
    /// </summary>
    public static UpstreamDropReason? Check(ReadOnlySpan<byte> reply, ushort id, QuestionKey question, out DnsMessage? message)
    {
        message = null;
        if (reply.Length < DnsLimits.HeaderLength)
            return UpstreamDropReason.Malformed;
        var header = DnsHeader.Read(reply);
        if (!header.IsResponse)
            return UpstreamDropReason.NotResponse;
        if (header.Id != id)
            return UpstreamDropReason.WrongId;
        DnsMessage parsed;
        try
        {
            parsed = DnsMessageParser.Parse(reply);
        }
        catch (DnsFormatException)
        {
            return UpstreamDropReason.Malformed;
        }

        if (parsed.Questions is not [var asked] || !asked.Name.Equals(question.Name) || asked.Type != question.Type || asked.Class != question.Class)
            return UpstreamDropReason.WrongQuestion;
        message = parsed;
        return null;
    }

    /// <summary>
    /// The records of a NOERROR or NXDOMAIN <paramref name="reply"/> on the question's CNAME chain, the SOA of
    /// a negative answer, and how long the result may be cached: the smallest kept TTL for a positive answer,
    /// min(SOA TTL, SOA MINIMUM) and the chain's TTLs for a negative one (RFC 2308 §5), zero without a SOA.
    /// </summary>
    public static ForwardedAnswer Select(DnsMessage reply, QuestionKey question)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var followChain = question.Type is not (DnsRecordType.CNAME or DnsRecordType.ANY);
        var chain = new List<DnsResourceRecord>();
        var current = question.Name;
        for (var hop = 0; followChain && hop < MaxChain; hop++)
        {
            var cname = reply.Answers.FirstOrDefault(r =>
                r.Type == DnsRecordType.CNAME && r.Class == question.Class && r.Name.Equals(current) && !chain.Contains(r));
            if (cname?.Data is not NameRecordData target)
                break;
            chain.Add(cname);
            current = target.Target;
        }

        var final = reply.Answers
            .Where(r => r.Class == question.Class && r.Name.Equals(current) && (question.Type == DnsRecordType.ANY || r.Type == question.Type))
            .ToList();
        var kept = reply.Answers.Where(r => chain.Contains(r) || final.Contains(r)).ToList();
        var rcode = (DnsResponseCode)reply.Header.Rcode;
        if (final.Count > 0 && rcode == DnsResponseCode.NoError)
            return new ForwardedAnswer(rcode, kept, [], Cap(kept.Min(r => r.Ttl), MaxTtl));

        var soa = reply.Authorities.FirstOrDefault(r => r.Type == DnsRecordType.SOA && r.Data is SoaRecordData && current.IsSubdomainOf(r.Name));
        if (soa is not { Data: SoaRecordData data })
            return new ForwardedAnswer(rcode, kept, [], TimeSpan.Zero);
        // RFC 2308 §3: the SOA of a negative answer carries the negative TTL, so a downstream cache keeps it no longer.
        var negativeTtl = (uint)Cap(chain.Select(r => r.Ttl).Append(soa.Ttl).Append(data.Minimum).Min(), MaxNegativeTtl).TotalSeconds;
        return new ForwardedAnswer(rcode, kept, [soa with { Ttl = negativeTtl }], TimeSpan.FromSeconds(negativeTtl));
    }

    private static TimeSpan Cap(uint ttl, TimeSpan max) =>
        TimeSpan.FromSeconds(Math.Min(ttl, max.TotalSeconds));
}
