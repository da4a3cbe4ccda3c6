namespace XenMesh.Node.Dhcp.Leases;

/// <summary>A request allowance that refills at a steady rate up to a burst size; time is passed in.</summary>
internal sealed class TokenBucket(int burst, DateTimeOffset now)
{
    private double _tokens = burst;
    private DateTimeOffset _updated = now;

    /// <summary>Takes one token if there is one; refills first for the time since the last call.</summary>
    public bool TryTake(DateTimeOffset now, int perSecond, int burstSize)
    {
        Refill(now, perSecond, burstSize);
        if (_tokens < 1)
            return false;
        _tokens -= 1;
        return true;
    }

    /// <summary>True when the bucket has refilled completely, so forgetting it changes nothing.</summary>
    public bool IsFull(DateTimeOffset now, int perSecond, int burstSize)
    {
        Refill(now, perSecond, burstSize);
        return _tokens >= burstSize;
    }

    private void Refill(DateTimeOffset now, int perSecond, int burstSize)
    {
        // A clock that steps back refills nothing rather than draining the bucket.
        if (now <= _updated)
            return;
        _tokens = Math.Min(burstSize, _tokens + ((now - _updated).TotalSeconds * perSecond));
        _updated = now;
    }
}
