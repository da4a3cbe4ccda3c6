using Microsoft.Extensions.Time.Testing;
using XenMesh.Node.Dns.Recursion;

namespace XenMesh.Tests.Dns.Recursion;

public sealed class TtlCacheTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void A_value_lives_for_its_ttl_and_reports_its_age()
    {
        var cache = new TtlCache<string, int>(10, _time);
        cache.Set("a", 1, TimeSpan.FromSeconds(30));

        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.True(cache.TryGet("a", out var value, out var age));
        Assert.Equal((1, TimeSpan.FromSeconds(29)), (value, age));

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(cache.TryGet("a", out _, out _));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void When_full_the_least_recently_used_entry_goes()
    {
        var cache = new TtlCache<string, int>(2, _time);
        cache.Set("a", 1, TimeSpan.FromMinutes(1));
        cache.Set("b", 2, TimeSpan.FromMinutes(1));
        Assert.True(cache.TryGet("a", out _, out _));

        cache.Set("c", 3, TimeSpan.FromMinutes(1));

        Assert.Equal(2, cache.Count);
        Assert.True(cache.TryGet("a", out _, out _));
        Assert.False(cache.TryGet("b", out _, out _));
        Assert.True(cache.TryGet("c", out _, out _));
    }

    [Fact]
    public void A_zero_ttl_or_a_zero_capacity_stores_nothing()
    {
        var cache = new TtlCache<string, int>(2, _time);
        cache.Set("a", 1, TimeSpan.Zero);
        var off = new TtlCache<string, int>(0, _time);
        off.Set("a", 1, TimeSpan.FromMinutes(1));

        Assert.False(cache.TryGet("a", out _, out _));
        Assert.False(off.TryGet("a", out _, out _));
    }

    [Fact]
    public void Setting_a_key_again_replaces_its_value_and_restarts_its_ttl()
    {
        var cache = new TtlCache<string, int>(2, _time);
        cache.Set("a", 1, TimeSpan.FromSeconds(10));
        _time.Advance(TimeSpan.FromSeconds(8));
        cache.Set("a", 2, TimeSpan.FromSeconds(10));
        _time.Advance(TimeSpan.FromSeconds(8));

        Assert.True(cache.TryGet("a", out var value, out var age));
        Assert.Equal((2, TimeSpan.FromSeconds(8)), (value, age));
        Assert.Equal(1, cache.Count);
    }
}
