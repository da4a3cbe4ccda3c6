using XenMesh.Node.Dhcp.Leases;

namespace XenMesh.Node.Dhcp.Server;

/// <summary>
/// Lets replies leave at most <see cref="Burst"/> at once and then at <see cref="RepliesPerSecond"/>. After a slow
/// group commit the journal confirms hundreds of leases together, and a flood read after a pause gets hundreds of
/// OFFERs at once; sent back to back, they overflowed the receive buffer of the one socket that takes them all
/// when the clients are behind a relay (perfdhcp in the /16 benchmark, docs/benchmarks.md), and the clients
/// retried. A reply goes at once from the calling thread while the bucket has a token and none is queued;
/// otherwise it queues, in order, for <see cref="RunAsync"/>, which sends as tokens come back, and a reply that
/// finds <see cref="MaxQueued"/> waiting is dropped. Pacing only delays what was already decided and journaled:
/// an ACK still leaves after its lease's commit.
/// </summary>
internal sealed class ReplyPacer<T>(Action<T> send, TimeProvider time) : IDisposable
{
    /// <summary>Twice the replies (an OFFER and an ACK per client) of 8 000 DORA exchanges a second, about twice Kea's rate on the benchmark.</summary>
    public const int RepliesPerSecond = 16_000;

    /// <summary>Replies that may leave back to back; a receive buffer of the default 208 KiB holds about 160 of them.</summary>
    public const int Burst = 64;

    /// <summary>
    /// The most replies that wait for a token: a quarter of a second at <see cref="RepliesPerSecond"/>. When more
    /// replies were decided than the pacer lets out, an unbounded queue made every one of them late: in the
    /// benchmark's search, a step at 12 000/s right after one at 16 000/s completed no exchange at all, each
    /// reply arriving after perfdhcp had given up on it. A reply beyond this is dropped instead; its client
    /// retries, and the pool answers the retry as it answered the first request.
    /// </summary>
    public const int MaxQueued = RepliesPerSecond / 4;

    /// <summary>How long the sender waits for tokens; about what one sleep costs on Linux anyway.</summary>
    private static readonly TimeSpan TokenWait = TimeSpan.FromMilliseconds(1);

    private readonly Lock _lock = new();
    private readonly Queue<T> _queue = new();
    private readonly TokenBucket _bucket = new(Burst, time.GetUtcNow());
    private readonly SemaphoreSlim _queued = new(0);
    private bool _draining;

    /// <summary>Replies waiting for a token.</summary>
    public int Queued
    {
        get
        {
            lock (_lock)
                return _queue.Count;
        }
    }

    /// <summary>
    /// Sends <paramref name="reply"/> now if a token is free and nothing waits before it, or queues it; false when
    /// <see cref="MaxQueued"/> replies already wait and this one is dropped.
    /// </summary>
    public bool Send(T reply)
    {
        lock (_lock)
        {
            if (_queue.Count > 0 || !_bucket.TryTake(time.GetUtcNow(), RepliesPerSecond, Burst))
            {
                if (_queue.Count >= MaxQueued)
                    return false;
                _queue.Enqueue(reply);
                if (!_draining)
                {
                    _draining = true;
                    _queued.Release();
                }

                return true;
            }
        }

        send(reply);
        return true;
    }

    /// <summary>Sends the queued replies as tokens come back, until <paramref name="ct"/> ends; what is still queued then is dropped (the clients retry).</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        try
        {
            while (true)
            {
                await _queued.WaitAsync(ct).ConfigureAwait(false);
                for (var next = TakeNext(); next.More; next = TakeNext())
                {
                    if (next.Ready)
                        send(next.Reply!);
                    else
                        await Task.Delay(TokenWait, time, ct).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Serving ended.
        }
    }

    public void Dispose() => _queued.Dispose();

    /// <summary>Whether anything is queued, and if so whether its first reply may leave now (taken off the queue) or must wait for a token.</summary>
    private (bool More, bool Ready, T? Reply) TakeNext()
    {
        lock (_lock)
        {
            if (_queue.Count == 0)
            {
                _draining = false;
                return (false, false, default);
            }

            return _bucket.TryTake(time.GetUtcNow(), RepliesPerSecond, Burst)
                ? (true, true, _queue.Dequeue())
                : (true, false, default);
        }
    }
}
