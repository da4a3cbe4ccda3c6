using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;
using XenMesh.Node.Dhcp.Server;

namespace XenMesh.Tests.Dhcp.Server;

public sealed class ReplyPacerTests
{
    [Fact]
    public async Task A_burst_leaves_at_once_from_the_caller_and_the_rest_in_order_only_as_time_passes()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var sent = new ConcurrentQueue<int>();
        using var pacer = new ReplyPacer<int>(sent.Enqueue, clock);
        using var serving = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var running = pacer.RunAsync(serving.Token);

        for (var n = 0; n < 100; n++)
            pacer.Send(n);

        Assert.Equal(Enumerable.Range(0, ReplyPacer<int>.Burst), sent);
        Assert.Equal(100 - ReplyPacer<int>.Burst, pacer.Queued);

        // The fake clock moves only here, a millisecond per look, so the rest can leave only at the pacer's rate.
        await Eventually.HoldsAsync(() =>
        {
            var all = sent.Count == 100;
            if (!all)
                clock.Advance(TimeSpan.FromMilliseconds(1));
            return Task.FromResult((all, $"{sent.Count} sent after {(clock.GetUtcNow() - DateTimeOffset.UnixEpoch).TotalMilliseconds} ms"));
        }, TimeSpan.FromSeconds(20), "every reply sent", ct);

        Assert.Equal(Enumerable.Range(0, 100), sent);
        var paced = TimeSpan.FromSeconds((100.0 - ReplyPacer<int>.Burst) / ReplyPacer<int>.RepliesPerSecond);
        Assert.True(clock.GetUtcNow() - DateTimeOffset.UnixEpoch >= paced, $"the rest left after {clock.GetUtcNow() - DateTimeOffset.UnixEpoch}, before {paced}");
        await serving.CancelAsync();
        await running;
    }

    /// <summary>Replies decided faster than the pacer lets them out wait only up to its bound; the rest are refused, not queued behind it.</summary>
    [Fact]
    public async Task Beyond_its_bound_the_queue_refuses_replies_and_what_it_holds_still_leaves_in_order()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var sent = new ConcurrentQueue<int>();
        using var pacer = new ReplyPacer<int>(sent.Enqueue, clock);
        var offered = ReplyPacer<int>.Burst + ReplyPacer<int>.MaxQueued + 10;

        var accepted = Enumerable.Range(0, offered).Select(pacer.Send).ToList();

        Assert.Equal(ReplyPacer<int>.Burst + ReplyPacer<int>.MaxQueued, accepted.Count(a => a));
        Assert.All(accepted.Skip(ReplyPacer<int>.Burst + ReplyPacer<int>.MaxQueued), Assert.False);
        Assert.Equal(ReplyPacer<int>.MaxQueued, pacer.Queued);

        using var serving = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var running = pacer.RunAsync(serving.Token);
        await Eventually.HoldsAsync(() =>
        {
            var all = sent.Count == ReplyPacer<int>.Burst + ReplyPacer<int>.MaxQueued;
            if (!all)
                clock.Advance(TimeSpan.FromMilliseconds(10));
            return Task.FromResult((all, $"{sent.Count} sent"));
        }, TimeSpan.FromSeconds(20), "every accepted reply sent", ct);

        Assert.Equal(Enumerable.Range(0, ReplyPacer<int>.Burst + ReplyPacer<int>.MaxQueued), sent);
        Assert.True(pacer.Send(offered), "a reply is accepted again once the queue has drained");
        await serving.CancelAsync();
        await running;
    }
}
