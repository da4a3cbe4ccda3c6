using XenMesh.Messages.Values;
using XenMesh.Node.Dhcp.Leases;
using static XenMesh.Node.Dhcp.Leases.LeasePoolProtocol;
using static XenMesh.Tests.Dhcp.Leases.PoolDriver;

namespace XenMesh.Tests.Dhcp.Leases;

/// <summary>Protocol-rules L4: what one guest port may cost the pool.</summary>
public sealed class LeasePoolLimitsTests
{
    /// <summary>A guest on vif1.0 forging its chaddr: a new client each time, all behind one port.</summary>
    private static LeaseClient Forged(int n) => new(MacAddress.Parse($"00:16:3e:aa:00:{n:x2}"), Vif: "vif1.0");

    [Fact]
    public void A_vif_gets_at_most_its_allowance_of_offered_and_bound_addresses()
    {
        var pool = new PoolDriver(Defaults());
        pool.Dora(Forged(1));
        pool.Offer(Forged(2));

        Assert.Equal(new NoAnswer(NoAnswerReason.VifLeaseLimit), pool.Send(new Discover(Forged(3))));
        Assert.Equal(new NoAnswer(NoAnswerReason.VifLeaseLimit), pool.Send(new RequestSelecting(Forged(3), ServerId, Ip(40))));
        Assert.Equal(2, pool.Status().Dropped[NoAnswerReason.VifLeaseLimit]);
        Assert.Equal(Ip(2), pool.Offer(Forged(2)).Address);
        Assert.Equal(Ip(1), pool.Send<LeaseAck>(new RequestRenewing(Forged(1), Ip(1))).Grant.Address);
        Assert.Equal(Ip(3), pool.Dora(Guest(2)).Address);

        pool.Advance(pool.Settings.OfferTimeout);
        Assert.Equal(Ip(2), pool.Offer(Forged(3)).Address);
    }

    [Fact]
    public void Releasing_gives_the_vif_its_allowance_back()
    {
        var pool = new PoolDriver(Defaults() with { LeasesPerVif = 1 });
        pool.Dora(Forged(1));
        Assert.Equal(new NoAnswer(NoAnswerReason.VifLeaseLimit), pool.Send(new Discover(Forged(2))));

        pool.Send(new Release(Forged(1), Ip(1)));
        Assert.Equal(Ip(1), pool.Dora(Forged(2)).Address);
    }

    [Fact]
    public void Relayed_clients_are_bounded_by_the_pool_size_only()
    {
        var pool = new PoolDriver(Defaults(bridge: "10.0.0.30/27"));
        for (var n = 1; n <= 29; n++)
            pool.Dora(Relayed(n));

        Assert.Equal(new NoAnswer(NoAnswerReason.PoolExhausted), pool.Send(new Discover(Relayed(30))));
        Assert.False(pool.Status().Dropped.ContainsKey(NoAnswerReason.VifLeaseLimit));
        for (var n = 0; n < 100; n++)
            Assert.IsType<LeaseAck>(pool.Send(new RequestRenewing(Relayed(1), Ip("10.0.0.1"))));
    }

    [Fact]
    public void A_vif_is_rate_limited_by_a_token_bucket_and_other_vifs_are_not()
    {
        var pool = new PoolDriver(Defaults());
        for (var n = 0; n < 20; n++)
            pool.Offer(Guest(1));

        Assert.Equal(new NoAnswer(NoAnswerReason.RateLimited), pool.Send(new Discover(Guest(1))));
        Assert.Equal(new NoAnswer(NoAnswerReason.RateLimited), pool.Send(new RequestSelecting(Guest(1), ServerId, Ip(1))));
        Assert.Equal(new NoAnswer(NoAnswerReason.RateLimited), pool.Send(new Inform(Guest(1), Ip(1))));
        Assert.Equal(new NoAnswer(NoAnswerReason.RateLimited), pool.Send(new Decline(Guest(1), Ip(1))));
        Assert.Equal(4, pool.Status().Dropped[NoAnswerReason.RateLimited]);
        pool.Offer(Guest(2));

        pool.Advance(TimeSpan.FromMilliseconds(100));
        pool.Send<LeaseAck>(new RequestSelecting(Guest(1), ServerId, Ip(1)));
        Assert.Equal(new NoAnswer(NoAnswerReason.RateLimited), pool.Send(new RequestRenewing(Guest(1), Ip(1))));

        pool.Advance(TimeSpan.FromSeconds(2));
        for (var n = 0; n < 20; n++)
            pool.Send<LeaseAck>(new RequestRenewing(Guest(1), Ip(1)));
        Assert.Equal(new NoAnswer(NoAnswerReason.RateLimited), pool.Send(new RequestRenewing(Guest(1), Ip(1))));
    }

    [Fact]
    public void Release_is_not_rate_limited()
    {
        var pool = new PoolDriver(Defaults());
        pool.Dora(Guest(1));
        for (var n = 0; n < 19; n++)
            pool.Send(new Inform(Guest(1), Ip(1)));

        Assert.Equal(new NoAnswer(NoAnswerReason.Released), pool.Send(new Release(Guest(1), Ip(1))));
    }

    [Fact]
    public void A_vif_can_hold_only_so_many_quarantined_addresses()
    {
        var pool = new PoolDriver(Defaults() with { QuarantinedPerVif = 2 });
        foreach (var expected in new[] { 1, 2 })
        {
            Assert.Equal(Ip(expected), pool.Offer(Guest(1)).Address);
            Assert.Equal(new NoAnswer(NoAnswerReason.Declined), pool.Send(new Decline(Guest(1), Ip(expected))));
        }

        pool.Dora(Guest(1));
        Assert.Equal(new NoAnswer(NoAnswerReason.QuarantineLimit), pool.Send(new Decline(Guest(1), Ip(3))));
        Assert.Equal([Ip(3)], pool.Leases().Select(l => l.Address));
        Assert.Equal(new NoAnswer(NoAnswerReason.Declined), pool.Send(new Decline(Guest(2), pool.Dora(Guest(2)).Address)));

        pool.Advance(pool.Settings.QuarantineTime);
        Assert.Equal(new NoAnswer(NoAnswerReason.Declined), pool.Send(new Decline(Guest(1), Ip(3))));
    }
}
