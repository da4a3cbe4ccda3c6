namespace XenMesh.Node.Dns.Recursion;

/// <summary>The forwarder's counters at one moment, as a <c>dns stats</c> command prints them.</summary>
/// <param name="Queries">Queries the DNS server handed to the forwarder (names outside the agent's zones).</param>
/// <param name="Refused">Queries from sources outside the guest subnets, loopback and <c>dns.recursionFrom</c>.</param>
/// <param name="NotForwarded">Queries answered without asking upstream because the name must stay local, by reason.</param>
/// <param name="CacheHits">Queries answered from the cache.</param>
/// <param name="Coalesced">Queries that waited on an identical outstanding upstream query instead of sending their own.</param>
/// <param name="Forwarded">Queries answered with an upstream server's answer (fresh, not from the cache).</param>
/// <param name="UpstreamQueries">Queries sent to upstream servers, retries on the next server and over TCP included.</param>
/// <param name="TcpRetries">Truncated upstream answers asked again over TCP.</param>
/// <param name="UpstreamFailures">Upstream queries that gave no usable answer, by reason (Timeout, ServFail, Refused...).</param>
/// <param name="Dropped">Datagrams on upstream sockets that were not the awaited answer, by reason.</param>
/// <param name="ServFail">SERVFAIL answers given to clients.</param>
/// <param name="NoUpstream">Of those, queries that found no upstream server in the resolv file.</param>
/// <param name="Truncated">Answers that did not fit the client's limit and went out with TC set.</param>
public sealed record DnsRecursionStats(
    long Queries,
    long Refused,
    IReadOnlyDictionary<string, long> NotForwarded,
    long CacheHits,
    long Coalesced,
    long Forwarded,
    long UpstreamQueries,
    long TcpRetries,
    IReadOnlyDictionary<string, long> UpstreamFailures,
    IReadOnlyDictionary<string, long> Dropped,
    long ServFail,
    long NoUpstream,
    long Truncated)
{
    /// <summary>
    /// Every non-zero counter by name (<c>Forwarder.CacheHits</c>, <c>Forwarder.Dropped.WrongId</c>...), the
    /// flat form <c>dns stats</c> prints next to the server's counters.
    /// </summary>
    public IEnumerable<KeyValuePair<string, long>> ToCounters()
    {
        (string Name, long Value)[] totals =
        [
            (nameof(Queries), Queries), (nameof(Refused), Refused), (nameof(CacheHits), CacheHits), (nameof(Coalesced), Coalesced),
            (nameof(Forwarded), Forwarded), (nameof(UpstreamQueries), UpstreamQueries), (nameof(TcpRetries), TcpRetries),
            (nameof(ServFail), ServFail), (nameof(NoUpstream), NoUpstream), (nameof(Truncated), Truncated),
        ];
        var byReason = new[] { (nameof(NotForwarded), NotForwarded), (nameof(UpstreamFailures), UpstreamFailures), (nameof(Dropped), Dropped) }
            .SelectMany(group => group.Item2.Select(reason => ($"{group.Item1}.{reason.Key}", reason.Value)));
        return totals.Concat(byReason)
            .Where(counter => counter.Value != 0)
            .Select(counter => KeyValuePair.Create($"Forwarder.{counter.Item1}", counter.Item2));
    }
}
