using XenMesh.Node.Dns.Wire;

namespace XenMesh.Node.Dns.Server;

/// <summary>What the DNS server did since the agent started, by outcome and by FORMERR reason; thread-safe and lock-free.</summary>
public sealed class DnsServerCounters
{
    /// <summary>The length of the span <see cref="Add(Span{long})"/> takes.</summary>
    public static readonly int OutcomeCount = Enum.GetValues<DnsOutcome>().Length;

    private readonly long[] _outcomes = new long[OutcomeCount];
    private readonly long[] _formatErrors = new long[Enum.GetValues<DnsFormatError>().Length];
    private long _tcpRefused;
    private long _recursionOverloaded;
    private long _recursionFailed;

    public void Count(in DnsResponse response)
    {
        Interlocked.Increment(ref _outcomes[(int)response.Outcome]);
        if (response.Outcome == DnsOutcome.FormatError)
            Interlocked.Increment(ref _formatErrors[(int)response.Error]);
    }

    /// <summary>
    /// Adds <paramref name="outcomes"/> (a count per <see cref="DnsOutcome"/>, FORMERR excepted: its reason is
    /// counted by <see cref="Count"/>) and zeroes them. A UDP loop counts a batch in its own span and adds it
    /// here once: an atomic add per query on counters shared by every loop costs more than the answer.
    /// </summary>
    public void Add(Span<long> outcomes)
    {
        for (var i = 0; i < outcomes.Length; i++)
        {
            if (outcomes[i] == 0)
                continue;
            Interlocked.Add(ref _outcomes[i], outcomes[i]);
            outcomes[i] = 0;
        }
    }

    /// <summary>A TCP connection closed at once: the total or per-source cap was reached.</summary>
    public void TcpRefused() => Interlocked.Increment(ref _tcpRefused);

    /// <summary>A query for the recursion side dropped because too many were already waiting.</summary>
    public void RecursionOverloaded() => Interlocked.Increment(ref _recursionOverloaded);

    /// <summary>The recursion side threw; the query got no answer.</summary>
    public void RecursionFailed() => Interlocked.Increment(ref _recursionFailed);

    /// <summary>Every non-zero counter by name, for <c>dns stats</c>.</summary>
    public IReadOnlyDictionary<string, long> Snapshot()
    {
        var all = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var outcome in Enum.GetValues<DnsOutcome>())
            Add(all, outcome.ToString(), Interlocked.Read(ref _outcomes[(int)outcome]));
        foreach (var error in Enum.GetValues<DnsFormatError>())
            Add(all, $"FormatError.{error}", Interlocked.Read(ref _formatErrors[(int)error]));
        Add(all, "TcpRefused", Interlocked.Read(ref _tcpRefused));
        Add(all, "RecursionOverloaded", Interlocked.Read(ref _recursionOverloaded));
        Add(all, "RecursionFailed", Interlocked.Read(ref _recursionFailed));
        return all;
    }

    private static void Add(SortedDictionary<string, long> all, string name, long value)
    {
        if (value != 0)
            all[name] = value;
    }
}
