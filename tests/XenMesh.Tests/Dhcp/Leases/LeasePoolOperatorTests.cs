using XenMesh.Messages.Leases;
using XenMesh.Node.Configuration;
using XenMesh.Node.Dhcp.Leases;
using static XenMesh.Messages.Leases.LeaseEvents;
using static XenMesh.Node.Dhcp.Leases.LeaseNameChanges;
using static XenMesh.Node.Dhcp.Leases.LeasePoolProtocol;
using static XenMesh.Tests.Dhcp.Leases.PoolDriver;

namespace XenMesh.Tests.Dhcp.Leases;

/// <summary>What an operator does to the pool from the <c>lease</c> palette: release a client's leases, reserve an address.</summary>
public sealed class LeasePoolOperatorTests
{
    [Fact]
    public void Release_ends_every_lease_of_the_mac_journals_it_and_unpublishes_the_name()
    {
        var pool = new PoolDriver(Defaults());
        var address = pool.Dora(Guest(1, domain: "xen1")).Address;
        pool.Dora(Guest(2));

        var released = pool.Send<ClientReleased>(new ReleaseClient(Guest(1).Mac));

        Assert.Equal([address], released.Released.Select(l => l.Address));
        Assert.Equal(new LeaseReleased(address, Guest(1).Mac), pool.Journal[^1]);
        Assert.Equal(new LeaseNameUnbound("xen1", address, Guest(1).Mac, "vif1.0"), pool.Published[^1]);
        Assert.Equal([Guest(2).Mac], pool.Leases().Select(l => l.Mac));
        Assert.Empty(pool.Send<ClientReleased>(new ReleaseClient(Guest(1).Mac)).Released);
        Assert.Equal(address, pool.Dora(Guest(1)).Address);
    }

    [Fact]
    public void A_reservation_takes_its_address_out_of_the_pool_and_the_client_gets_it_with_its_name()
    {
        var pool = new PoolDriver(Defaults());
        var sizeBefore = pool.Status().Size;

        var accepted = pool.Send<ReservationAccepted>(new Reserve(Guest(1).Mac, Ip(50), "web"));

        Assert.True(accepted.Changed);
        Assert.Equal(new ReservationAdded(Ip(50), Guest(1).Mac, "web"), Assert.Single(pool.Journal));
        Assert.Equal(sizeBefore - 1, pool.Status().Size);
        var grant = pool.Dora(Guest(1, domain: "xen1"));
        Assert.Equal((Ip(50), "web"), (grant.Address, grant.Name));
        Assert.Equal(LeaseNameSource.Reservation, pool.Leases().Single().NameSource);
        Assert.NotEqual(Ip(50), pool.Offer(Guest(2), Ip(50)).Address);
        Assert.False(pool.Send<ReservationAccepted>(new Reserve(Guest(1).Mac, Ip(50), "web")).Changed);
    }

    [Fact]
    public void Unreserve_journals_the_removal_returns_the_address_to_the_pool_and_the_held_lease_runs_on()
    {
        var pool = new PoolDriver(Defaults());
        var sizeBefore = pool.Status().Size;
        pool.Send<ReservationAccepted>(new Reserve(Guest(1).Mac, Ip(50), "web"));
        Assert.Equal(Ip(50), pool.Dora(Guest(1)).Address);

        var removed = pool.Send<Unreserved>(new Unreserve(Guest(1).Mac));

        Assert.Equal(Ip(50), removed.Address);
        Assert.Equal(new ReservationRemoved(Ip(50), Guest(1).Mac), pool.Journal[^1]);
        Assert.Equal(sizeBefore, pool.Status().Size);
        Assert.Empty(pool.State.ToSnapshot().Reserved!);
        Assert.Empty(pool.Replayed().ToSnapshot().Reserved!);
        Assert.Equal(Ip(50), pool.Send<LeaseAck>(new RequestRenewing(Guest(1), Ip(50))).Grant.Address);
        var journaled = pool.Journal.Count;
        Assert.Null(pool.Send<Unreserved>(new Unreserve(Guest(1).Mac)).Address);
        Assert.Equal(journaled, pool.Journal.Count);
    }

    [Fact]
    public void Unreserve_refuses_a_reservation_of_the_config_file_and_journals_nothing()
    {
        var pool = new PoolDriver(Defaults(reservations: [new DhcpReservation("dhcp.reservations.0", Guest(9).Mac, null, Ip(50), null)]));

        var refused = pool.Send<ReservationRefused>(new Unreserve(Guest(9).Mac));

        Assert.Equal($"{Guest(9).Mac} is reserved in the configuration (dhcp.reservations.0); remove it there", refused.Reason);
        Assert.Empty(pool.Journal);
    }

    [Fact]
    public void A_client_bound_elsewhere_is_moved_to_its_new_reservation_at_its_next_request()
    {
        var pool = new PoolDriver(Defaults());
        var old = pool.Dora(Guest(1)).Address;

        pool.Send<ReservationAccepted>(new Reserve(Guest(1).Mac, Ip(60), null));

        pool.Send<LeaseNak>(new RequestRenewing(Guest(1), old));
        Assert.Equal(Ip(60), pool.Dora(Guest(1)).Address);
    }

    [Fact]
    public void A_second_reservation_of_the_mac_replaces_the_first_and_frees_its_address()
    {
        var pool = new PoolDriver(Defaults(first: "192.168.0.50", last: "192.168.0.51"));
        pool.Send<ReservationAccepted>(new Reserve(Guest(1).Mac, Ip(50), null));
        Assert.Equal(1, pool.Status().Size);

        pool.Send<ReservationAccepted>(new Reserve(Guest(1).Mac, Ip(100), null));

        Assert.Equal(2, pool.Status().Size);
        Assert.Equal(Ip(50), pool.Offer(Guest(2)).Address);
    }

    [Theory]
    [InlineData("192.168.0.254", null, "not a host address")]
    [InlineData("192.168.0.255", null, "not a host address")]
    [InlineData("10.0.0.1", null, "not a host address")]
    [InlineData("192.168.0.40", "Web", "lower-case RFC 1123 label")]
    [InlineData("192.168.0.40", "we_b", "lower-case RFC 1123 label")]
    [InlineData("192.168.0.30", null, "reserved for 00:16:3e:00:00:09 (dhcp.reservations.0)")]
    [InlineData("192.168.0.40", "db", "the name db is reserved")]
    [InlineData("192.168.0.1", null, "leased to 00:16:3e:00:00:02")]
    public void A_reservation_that_conflicts_is_refused_and_changes_nothing(string address, string? name, string reason)
    {
        var pool = new PoolDriver(Defaults(reservations: [new DhcpReservation("dhcp.reservations.0", Guest(9).Mac, null, Ip(30), "db")]));
        pool.Dora(Guest(2));
        var journaled = pool.Journal.Count;

        var refused = pool.Send<ReservationRefused>(new Reserve(Guest(1).Mac, Ip(address), name));

        Assert.Contains(reason, refused.Reason, StringComparison.Ordinal);
        Assert.Equal(journaled, pool.Journal.Count);
    }

    [Fact]
    public void A_mac_reserved_in_the_config_keeps_that_reservation()
    {
        var pool = new PoolDriver(Defaults(reservations: [new DhcpReservation("dhcp.reservations.0", Guest(1).Mac, null, Ip(30), null)]));

        var refused = pool.Send<ReservationRefused>(new Reserve(Guest(1).Mac, Ip(40), null));

        Assert.Contains("reserved in the configuration (dhcp.reservations.0)", refused.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Reservations_survive_replay_and_snapshots()
    {
        var pool = new PoolDriver(Defaults());
        pool.Send<ReservationAccepted>(new Reserve(Guest(1).Mac, Ip(50), "web"));
        pool.Send<ReservationAccepted>(new Reserve(Guest(2).Mac, Ip(60), null));
        pool.Send<ReservationAccepted>(new Reserve(Guest(2).Mac, Ip(61), null));

        var fromSnapshot = LeasePoolState.FromSnapshot(pool.Settings, pool.State.ToSnapshot());
        foreach (var restored in new[] { pool.Replayed(), fromSnapshot })
        {
            var replayed = restored.Apply(new Discover(Guest(1)), Start);
            Assert.Equal((Ip(50), "web"), (((LeaseOffer)replayed.Reply).Grant.Address, ((LeaseOffer)replayed.Reply).Grant.Name));
            Assert.Equal(Ip(61), ((LeaseOffer)restored.Apply(new Discover(Guest(2)), Start).Reply).Grant.Address);
            Assert.Equal(pool.Status().Size, ((PoolStatus)restored.Apply(GetPoolStatus.Instance, Start).Reply).Size);
        }

        Assert.Equal(
            [new ReservationAdded(Ip(50), Guest(1).Mac, "web"), new ReservationAdded(Ip(61), Guest(2).Mac, null)],
            pool.State.ToSnapshot().Reserved);
    }

    [Fact]
    public void A_snapshot_from_before_operator_reservations_still_loads()
    {
        var old = new LeasePoolSnapshot([], [], []);

        var state = LeasePoolState.FromSnapshot(Defaults(), old);

        Assert.Empty(state.ToSnapshot().Reserved!);
    }

    [Fact]
    public void A_journaled_reservation_the_config_now_gives_to_another_client_is_left_out()
    {
        var state = new LeasePoolState(Defaults(reservations: [new DhcpReservation("dhcp.reservations.0", Guest(9).Mac, null, Ip(50), null)]));

        state.Recover(new ReservationAdded(Ip(50), Guest(1).Mac, null));

        Assert.Empty(state.ToSnapshot().Reserved!);
        Assert.NotEqual(Ip(50), ((LeaseOffer)state.Apply(new Discover(Guest(1)), Start).Reply).Grant.Address);
    }

}
