using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace XenMesh.Node.Dns.Recursion;

/// <summary>
/// What the forwarder answered, asked upstream and dropped since the agent started. Thread-safe. Read by
/// the CLI through <see cref="Snapshot"/> and published as observable instruments of the
/// <see cref="MeterName"/> meter for any metrics exporter.
/// </summary>
public sealed class DnsRecursionCounters : IDisposable
{
    public const string MeterName = "XenMesh.Dns.Recursion";

    private readonly ConcurrentDictionary<string, long> _notForwarded = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _dropped = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _upstreamFailures = new(StringComparer.Ordinal);
    private readonly Meter _meter = new(MeterName);
    private long _queries;
    private long _refused;
    private long _cacheHits;
    private long _coalesced;
    private long _upstreamQueries;
    private long _tcpRetries;
    private long _forwarded;
    private long _servFail;
    private long _noUpstream;
    private long _truncated;

    public DnsRecursionCounters()
    {
        _meter.CreateObservableCounter("xenmesh.dns.recursion.queries", () => Interlocked.Read(ref _queries), "{query}", "Queries the DNS server handed to the forwarder");
        _meter.CreateObservableCounter("xenmesh.dns.recursion.refused", () => Interlocked.Read(ref _refused), "{query}", "Queries refused: the source may not recurse");
        _meter.CreateObservableCounter("xenmesh.dns.recursion.not_forwarded", () => Tagged(_notForwarded), "{query}", "Queries answered locally, by reason");
        _meter.CreateObservableCounter("xenmesh.dns.recursion.cache_hits", () => Interlocked.Read(ref _cacheHits), "{query}", "Queries answered from the cache");
        _meter.CreateObservableCounter("xenmesh.dns.recursion.coalesced", () => Interlocked.Read(ref _coalesced), "{query}", "Queries that waited on an identical outstanding upstream query");
        _meter.CreateObservableCounter("xenmesh.dns.recursion.upstream_queries", () => Interlocked.Read(ref _upstreamQueries), "{query}", "Queries sent upstream");
        _meter.CreateObservableCounter("xenmesh.dns.recursion.upstream_failures", () => Tagged(_upstreamFailures), "{query}", "Upstream queries that gave no usable answer, by reason");
        _meter.CreateObservableCounter("xenmesh.dns.recursion.dropped", () => Tagged(_dropped), "{datagram}", "Upstream datagrams dropped, by reason");
        _meter.CreateObservableCounter("xenmesh.dns.recursion.servfail", () => Interlocked.Read(ref _servFail), "{query}", "SERVFAIL answers: every upstream failed or none is configured");
    }

    public void Query() => Interlocked.Increment(ref _queries);

    public void Refused() => Interlocked.Increment(ref _refused);

    public void NotForwarded(NotForwardedReason reason) => Increment(_notForwarded, reason.ToString());

    public void CacheHit() => Interlocked.Increment(ref _cacheHits);

    public void Coalesced() => Interlocked.Increment(ref _coalesced);

    public void UpstreamQuery() => Interlocked.Increment(ref _upstreamQueries);

    public void TcpRetry() => Interlocked.Increment(ref _tcpRetries);

    public void UpstreamFailed(string reason) => Increment(_upstreamFailures, reason);

    public void Dropped(UpstreamDropReason reason) => Increment(_dropped, reason.ToString());

    public void Forwarded() => Interlocked.Increment(ref _forwarded);

    public void ServFail() => Interlocked.Increment(ref _servFail);

    public void NoUpstream() => Interlocked.Increment(ref _noUpstream);

    public void Truncated() => Interlocked.Increment(ref _truncated);

    public DnsRecursionStats Snapshot() => new(
        Interlocked.Read(ref _queries),
        Interlocked.Read(ref _refused),
        new SortedDictionary<string, long>(_notForwarded, StringComparer.Ordinal),
        Interlocked.Read(ref _cacheHits),
        Interlocked.Read(ref _coalesced),
        Interlocked.Read(ref _forwarded),
        Interlocked.Read(ref _upstreamQueries),
        Interlocked.Read(ref _tcpRetries),
        new SortedDictionary<string, long>(_upstreamFailures, StringComparer.Ordinal),
        new SortedDictionary<string, long>(_dropped, StringComparer.Ordinal),
        Interlocked.Read(ref _servFail),
        Interlocked.Read(ref _noUpstream),
        Interlocked.Read(ref _truncated));

    public void Dispose() => _meter.Dispose();

    private static void Increment(ConcurrentDictionary<string, long> counters, string key) =>
        counters.AddOrUpdate(key, 1, (_, count) => count + 1);

    private static IEnumerable<Measurement<long>> Tagged(ConcurrentDictionary<string, long> counters) =>
        counters.Select(c => new Measurement<long>(c.Value, new KeyValuePair<string, object?>("reason", c.Key)));
}
