namespace XenMesh.Node.Dns.Recursion;

/// <summary>
/// A bounded map whose entries expire: the forwarder's answer cache. When full, the least recently used
/// entry goes. A hit also says how long ago the value was stored, so the caller can count TTLs down.
/// Thread-safe; one lock, because forwarded queries are a small share of the server's load.
/// </summary>
public sealed class TtlCache<TKey, TValue>
    where TKey : notnull
{
    private readonly int _capacity;
    private readonly TimeProvider _time;
    private readonly Dictionary<TKey, LinkedListNode<Entry>> _entries;
    private readonly LinkedList<Entry> _recency = new();
    private readonly Lock _lock = new();

    public TtlCache(int capacity, TimeProvider time, IEqualityComparer<TKey>? comparer = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _capacity = capacity;
        _time = time;
        _entries = new Dictionary<TKey, LinkedListNode<Entry>>(comparer);
    }

    public int Count
    {
        get
        {
            lock (_lock)
                return _entries.Count;
        }
    }

    /// <summary>Stores <paramref name="value"/> for <paramref name="ttl"/>; a zero TTL or a zero capacity stores nothing.</summary>
    public void Set(TKey key, TValue value, TimeSpan ttl)
    {
        if (_capacity == 0 || ttl <= TimeSpan.Zero)
            return;
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            if (_entries.Remove(key, out var old))
                _recency.Remove(old);
            while (_entries.Count >= _capacity && _recency.Last is { } oldest)
            {
                _recency.RemoveLast();
                _entries.Remove(oldest.Value.Key);
            }

            _entries[key] = _recency.AddFirst(new Entry(key, value, now, now + ttl));
        }
    }

    /// <summary>The live value for <paramref name="key"/> and its age; an expired entry is removed and missed.</summary>
    public bool TryGet(TKey key, out TValue value, out TimeSpan age)
    {
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                if (node.Value.ExpiresAt > now)
                {
                    _recency.Remove(node);
                    _recency.AddFirst(node);
                    value = node.Value.Value;
                    age = now - node.Value.StoredAt;
                    return true;
                }

                _entries.Remove(key);
                _recency.Remove(node);
            }
        }

        value = default!;
        age = TimeSpan.Zero;
        return false;
    }

    private sealed record Entry(TKey Key, TValue Value, DateTimeOffset StoredAt, DateTimeOffset ExpiresAt);
}
