using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using XenMesh.Node.Dhcp.Codec;
using static XenMesh.Node.Dhcp.Leases.LeasePoolProtocol;

namespace XenMesh.Node.Dhcp.Server;

/// <summary>
/// What the DHCP server received, dropped and sent since the agent started. Thread-safe: packets are
/// handled concurrently. Read by <c>dhcp stats</c> and published as observable instruments of the
/// <see cref="MeterName"/> meter for any metrics exporter.
/// </summary>
public sealed class DhcpServerCounters : IDisposable
{
    public const string MeterName = "XenMesh.Dhcp.Server";

    private readonly long[] _byType = new long[9];
    private readonly ConcurrentDictionary<string, long> _dropped = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _notAnswered = new(StringComparer.Ordinal);
    private readonly Meter _meter = new(MeterName);
    private long _received;
    private long _offers;
    private long _acks;
    private long _naks;
    private long _informAcks;
    private long _sendFailures;

    public DhcpServerCounters()
    {
        _meter.CreateObservableCounter("xenmesh.dhcp.server.received", () => Interlocked.Read(ref _received), "{packet}", "DHCP packets received on the bridge");
        _meter.CreateObservableCounter("xenmesh.dhcp.server.dropped", () => Tagged(_dropped), "{packet}", "DHCP packets dropped, by reason");
        _meter.CreateObservableCounter(
            "xenmesh.dhcp.server.sent",
            () => (IEnumerable<Measurement<long>>)
            [
                new(Interlocked.Read(ref _offers), new KeyValuePair<string, object?>("type", "offer")),
                new(Interlocked.Read(ref _acks), new KeyValuePair<string, object?>("type", "ack")),
                new(Interlocked.Read(ref _naks), new KeyValuePair<string, object?>("type", "nak")),
                new(Interlocked.Read(ref _informAcks), new KeyValuePair<string, object?>("type", "inform-ack")),
            ],
            "{packet}",
            "DHCP replies sent, by type");
    }

    public void Received() => Interlocked.Increment(ref _received);

    /// <summary>A decoded packet of this type (option 53); other values count as unknown.</summary>
    public void Received(DhcpMessageType? type)
    {
        var index = type is { } t && (int)t is >= 1 and <= 8 ? (int)t : 0;
        Interlocked.Increment(ref _byType[index]);
    }

    public void Malformed(DhcpFormatError reason) => Increment(_dropped, $"Malformed{reason}");

    public void Dropped(DhcpDropReason reason) => Increment(_dropped, reason.ToString());

    /// <summary>Counts the pool's answer: a reply to send, or the reason it wants none (a full pool among them).</summary>
    public void Answered(ILeasePoolReply reply)
    {
        switch (reply)
        {
            case LeaseOffer:
                Interlocked.Increment(ref _offers);
                break;
            case LeaseAck:
                Interlocked.Increment(ref _acks);
                break;
            case LeaseNak:
                Interlocked.Increment(ref _naks);
                break;
            case InformAck:
                Interlocked.Increment(ref _informAcks);
                break;
            case NoAnswer none:
                Increment(_notAnswered, none.Reason.ToString());
                break;
        }
    }

    public void SendFailed() => Interlocked.Increment(ref _sendFailures);

    public DhcpServerStats Snapshot()
    {
        var byType = new SortedDictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0; i < _byType.Length; i++)
        {
            var count = Interlocked.Read(ref _byType[i]);
            if (count > 0)
                byType[i == 0 ? "Unknown" : ((DhcpMessageType)i).ToString()] = count;
        }

        var notAnswered = new SortedDictionary<string, long>(_notAnswered, StringComparer.Ordinal);
        return new DhcpServerStats(
            Interlocked.Read(ref _received),
            byType,
            new SortedDictionary<string, long>(_dropped, StringComparer.Ordinal),
            Interlocked.Read(ref _offers),
            Interlocked.Read(ref _acks),
            Interlocked.Read(ref _naks),
            Interlocked.Read(ref _informAcks),
            notAnswered.GetValueOrDefault(nameof(Leases.NoAnswerReason.PoolExhausted)),
            notAnswered,
            Interlocked.Read(ref _sendFailures));
    }

    public void Dispose() => _meter.Dispose();

    private static void Increment(ConcurrentDictionary<string, long> counters, string key) =>
        counters.AddOrUpdate(key, 1, (_, count) => count + 1);

    private static IEnumerable<Measurement<long>> Tagged(ConcurrentDictionary<string, long> counters) =>
        counters.Select(c => new Measurement<long>(c.Value, new KeyValuePair<string, object?>("reason", c.Key)));
}

/// <summary>The server's counters at one moment, as <c>dhcp stats</c> prints them.</summary>
/// <param name="Received">Packets read from the socket, malformed ones included.</param>
/// <param name="ReceivedByType">Decoded packets by message type.</param>
/// <param name="Dropped">
/// Packets dropped, by reason: before the pool saw them (malformed ones as <c>Malformed&lt;reason&gt;</c>), when the
/// pool did not answer in time (<c>PoolTimeout</c>), or when their reply found too many waiting to be sent
/// (<c>ReplyQueueFull</c>; that reply is also counted below as the offer or ACK the pool decided).
/// </param>
/// <param name="Offers">DHCPOFFERs sent.</param>
/// <param name="Acks">DHCPACKs sent for a lease (each journaled before it left).</param>
/// <param name="Naks">DHCPNAKs sent.</param>
/// <param name="InformAcks">DHCPACKs sent to DHCPINFORMs.</param>
/// <param name="PoolFull">Requests left unanswered because no address was free.</param>
/// <param name="NotAnswered">Requests the pool chose not to answer, by reason (releases and declines among them).</param>
/// <param name="SendFailures">Replies the socket refused to send.</param>
public sealed record DhcpServerStats(
    long Received,
    IReadOnlyDictionary<string, long> ReceivedByType,
    IReadOnlyDictionary<string, long> Dropped,
    long Offers,
    long Acks,
    long Naks,
    long InformAcks,
    long PoolFull,
    IReadOnlyDictionary<string, long> NotAnswered,
    long SendFailures);
