using System.Net;
using XenMesh.Cluster.Names;
using XenMesh.Messages.Names;

namespace XenMesh.Tests.Cluster.Names;

public sealed class NameOwnershipTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = T0.AddDays(1);

    private static NameClaim Claim(string host, string guest, int minutes, string address = "192.168.0.1") =>
        new(host, guest, IPAddress.Parse(address), T0.AddMinutes(minutes), "HostName", $"akka.tcp://xenmesh@10.0.0.{host.Length}:4053", 1);

    [Fact]
    public void Nobody_owns_a_name_without_claims()
    {
        Assert.Null(NameOwnership.Empty.Owner);
        Assert.Empty(NameOwnership.Empty.Rejected);
        Assert.Null(NameOwnership.Empty.ToRecord("web.xen"));
    }

    [Fact]
    public void The_earliest_claim_wins_whatever_the_arrival_order()
    {
        var early = Claim("rack2", "00:16:3e:00:00:02", 1);
        var late = Claim("kubikal", "00:16:3e:00:00:01", 5);

        var lateFirst = NameOwnership.Empty.Claim(late, Now).Claim(early, Now);
        var earlyFirst = NameOwnership.Empty.Claim(early, Now).Claim(late, Now);

        Assert.Equal(early, lateFirst.Owner);
        Assert.Equal([late], lateFirst.Rejected);
        Assert.True(NameOwnership.SameRecord(lateFirst.ToRecord("web.xen"), earlyFirst.ToRecord("web.xen")));
    }

    [Fact]
    public void Equal_times_are_ordered_by_host_id_then_guest()
    {
        var b = Claim("b-host", "00:16:3e:00:00:01", 1);
        var a2 = Claim("a-host", "00:16:3e:00:00:02", 1);
        var a1 = Claim("a-host", "00:16:3e:00:00:01", 1);

        var state = NameOwnership.Empty.Claim(b, Now).Claim(a2, Now).Claim(a1, Now);

        Assert.Equal(a1, state.Owner);
        Assert.Equal([a2, b], state.Rejected);
    }

    [Fact]
    public void A_dom0_name_beats_any_lease()
    {
        var guest = Claim("rack2", "00:16:3e:00:00:02", -100_000);
        var dom0 = Claim("kubikal", NameClaim.Dom0Guest, 0) with { Since = NameClaim.Dom0Since };

        var state = NameOwnership.Empty.Claim(guest, Now).Claim(dom0, Now);

        Assert.Equal(dom0, state.Owner);
    }

    [Fact]
    public void A_reasserted_claim_replaces_its_earlier_self_and_creates_no_conflict()
    {
        var claim = Claim("kubikal", "00:16:3e:00:00:01", 1);
        var moved = claim with { Address = IPAddress.Parse("192.168.0.9") };

        var state = NameOwnership.Empty.Claim(claim, T0).Claim(moved, Now);

        Assert.Equal(moved, state.Owner);
        Assert.Empty(state.Rejected);
        Assert.Single(state.Claims);
    }

    [Fact]
    public void When_the_owner_withdraws_the_next_claim_takes_over()
    {
        var first = Claim("kubikal", "00:16:3e:00:00:01", 1);
        var second = Claim("rack2", "00:16:3e:00:00:02", 2);
        var third = Claim("rack3", "00:16:3e:00:00:03", 3);
        var state = NameOwnership.Empty.Claim(third, Now).Claim(first, Now).Claim(second, Now);

        var after = state.Withdraw("kubikal", "00:16:3e:00:00:01");

        Assert.Equal(second, after.Owner);
        Assert.Equal([third], after.Rejected);
        Assert.True(after.Withdraw("rack2", "00:16:3e:00:00:02").Withdraw("rack3", "00:16:3e:00:00:03").IsEmpty);
    }

    [Fact]
    public void Withdrawing_a_claim_nobody_holds_changes_nothing()
    {
        var state = NameOwnership.Empty.Claim(Claim("kubikal", "00:16:3e:00:00:01", 1), Now);

        Assert.True(NameOwnership.SameRecord(state.ToRecord("web.xen"), state.Withdraw("rack2", "00:16:3e:00:00:01").ToRecord("web.xen")));
    }

    [Fact]
    public void A_removed_host_loses_every_claim_it_had()
    {
        var a = Claim("kubikal", "00:16:3e:00:00:01", 1);
        var a2 = Claim("kubikal", "00:16:3e:00:00:05", 2);
        var b = Claim("rack2", "00:16:3e:00:00:02", 3);
        var state = NameOwnership.Empty.Claim(a, Now).Claim(a2, Now).Claim(b, Now);

        var after = state.RemoveHost("kubikal");

        Assert.Equal(b, after.Owner);
        Assert.Empty(after.Rejected);
    }

    [Fact]
    public void Claims_not_reasserted_since_the_cutoff_expire()
    {
        var stale = Claim("kubikal", "00:16:3e:00:00:01", 1);
        var fresh = Claim("rack2", "00:16:3e:00:00:02", 2);
        var state = NameOwnership.Empty.Claim(stale, Now.AddMinutes(-10)).Claim(fresh, Now);

        var after = state.Expire(Now.AddMinutes(-5));

        Assert.Equal(fresh, after.Owner);
        Assert.Single(after.Claims);
    }

    [Fact]
    public void A_conflict_is_reported_once_when_it_appears()
    {
        var first = Claim("kubikal", "00:16:3e:00:00:01", 1);
        var second = Claim("rack2", "00:16:3e:00:00:02", 2);
        var one = NameOwnership.Empty.Claim(first, Now);
        var two = one.Claim(second, Now);

        Assert.Equal([second], NameOwnership.NewlyRejected(one, two));
        Assert.Empty(NameOwnership.NewlyRejected(two, two.Claim(second, Now.AddMinutes(1))));
    }

    [Fact]
    public void A_later_claim_that_is_earlier_than_the_owner_takes_the_name_and_the_old_owner_is_the_conflict()
    {
        var owner = Claim("kubikal", "00:16:3e:00:00:01", 5);
        var earlier = Claim("rack2", "00:16:3e:00:00:02", 1);
        var before = NameOwnership.Empty.Claim(owner, Now);

        var after = before.Claim(earlier, Now);

        Assert.Equal(earlier, after.Owner);
        Assert.Equal([owner], NameOwnership.NewlyRejected(before, after));
    }

    [Fact]
    public void An_entity_rebuilt_from_its_record_keeps_the_owner_whatever_is_reasserted_first()
    {
        var owner = Claim("kubikal", "00:16:3e:00:00:01", 1);
        var loser = Claim("rack2", "00:16:3e:00:00:02", 2);
        var record = NameOwnership.Empty.Claim(loser, Now).Claim(owner, Now).ToRecord("web.xen")!;

        var rebuilt = NameOwnership.FromRecord(record, Now).Claim(loser, Now);

        Assert.Equal(owner, rebuilt.Owner);
        Assert.Empty(NameOwnership.NewlyRejected(NameOwnership.FromRecord(record, Now), rebuilt));
    }

    [Fact]
    public void The_bucket_of_a_name_is_stable_and_in_range()
    {
        Assert.Equal(NameBuckets.For("web.xen").Id, NameBuckets.For("web.xen").Id);
        Assert.Equal(NameBuckets.Count, NameBuckets.Keys.Select(k => k.Id).Distinct().Count());
        Assert.True(Enumerable.Range(0, 1000).Select(i => NameBuckets.For($"guest{i}.xen").Id).Distinct().Count() > NameBuckets.Count / 2);
    }

    [Fact]
    public void A_names_bucket_is_the_same_in_every_process()
    {
        // Golden value: FNV-1a of "web.xen" is 1 802 329 424, and 1 802 329 424 mod 1 024 is 336. A hash seeded per
        // process (string.GetHashCode) would put a name in another bucket on every dom0.
        Assert.Equal("xm-name-bucket-336", NameBuckets.For("web.xen").Id);
    }
}
