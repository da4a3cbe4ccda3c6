using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace XenMesh.Node.Rip.Speaker;

/// <summary>
/// What the speaker sent, heard and dropped since the agent started; read by <c>route show</c> and published
/// as observable instruments of the <see cref="MeterName"/> meter.
/// </summary>
public sealed class RipSpeakerCounters : IDisposable
{
    public const string MeterName = "XenMesh.Rip.Speaker";

    private readonly ConcurrentDictionary<string, long> _sent = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _dropped = new(StringComparer.Ordinal);
    private readonly Meter _meter = new(MeterName);
    private long _received;
    private long _sendFailures;

    public RipSpeakerCounters()
    {
        _meter.CreateObservableCounter("xenmesh.rip.sent", () => Tagged(_sent, "kind"), "{packet}", "RIP packets sent, by kind");
        _meter.CreateObservableCounter("xenmesh.rip.received", () => Interlocked.Read(ref _received), "{packet}", "RIP packets received on the LAN interface");
        _meter.CreateObservableCounter("xenmesh.rip.dropped", () => Tagged(_dropped, "reason"), "{packet}", "RIP packets received and not answered, by reason");
    }

    public void Sent(string kind) => Increment(_sent, kind);

    public void Received() => Interlocked.Increment(ref _received);

    public void Dropped(string reason) => Increment(_dropped, reason);

    public void SendFailed() => Interlocked.Increment(ref _sendFailures);

    public RipSpeakerStats Snapshot() => new(
        new SortedDictionary<string, long>(_sent, StringComparer.Ordinal),
        Interlocked.Read(ref _received),
        new SortedDictionary<string, long>(_dropped, StringComparer.Ordinal),
        Interlocked.Read(ref _sendFailures));

    public void Dispose() => _meter.Dispose();

    private static void Increment(ConcurrentDictionary<string, long> counters, string key) =>
        counters.AddOrUpdate(key, 1, (_, count) => count + 1);

    private static IEnumerable<Measurement<long>> Tagged(ConcurrentDictionary<string, long> counters, string tag) =>
        counters.Select(c => new Measurement<long>(c.Value, new KeyValuePair<string, object?>(tag, c.Key)));
}

/// <summary>The speaker's counters at one moment.</summary>
/// <param name="Sent">Packets sent by kind: regular, triggered, withdrawal, answer, shutdown.</param>
/// <param name="Received">Packets read from the socket.</param>
/// <param name="Dropped">Received packets not answered, by reason (responses are always dropped: the speaker never learns).</param>
/// <param name="SendFailures">Packets the socket refused to send.</param>
public sealed record RipSpeakerStats(IReadOnlyDictionary<string, long> Sent, long Received, IReadOnlyDictionary<string, long> Dropped, long SendFailures);
