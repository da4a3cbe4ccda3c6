namespace XenMesh.Testing;

/// <summary>Waits for a condition by polling it until a deadline: the tests' replacement for sleeps.</summary>
internal static class Eventually
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Polls until <paramref name="condition"/> holds; fails with <paramref name="what"/> and the last observation otherwise.</summary>
    public static async Task HoldsAsync(Func<Task<(bool Holds, string Observed)>> condition, TimeSpan timeout, string what, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var (holds, observed) = await condition();
            if (holds)
                return;
            if (DateTime.UtcNow >= deadline)
                Assert.Fail($"{what} did not happen within {timeout}; last seen: {observed}");
            await Task.Delay(PollInterval, ct);
        }
    }
}
