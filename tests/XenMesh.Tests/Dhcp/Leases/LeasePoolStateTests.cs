using XenMesh.Messages.Leases;
using XenMesh.Messages.Values;
using XenMesh.Node.Configuration;
using XenMesh.Node.Dhcp.Leases;
using static XenMesh.Messages.Leases.LeaseEvents;
using static XenMesh.Node.Dhcp.Leases.LeaseNameChanges;
using static XenMesh.Node.Dhcp.Leases.LeasePoolProtocol;
using static XenMesh.Tests.Dhcp.Leases.PoolDriver;

namespace XenMesh.Tests.Dhcp.Leases;

public sealed class LeasePoolStateTests
{
    private static readonly TimeSpan ThreeDays = TimeSpan.FromDays(3);

    [Fact]
    public void The_first_client_is_offered_the_lowest_address_and_acked_with_the_lease_journaled()
    {
        var pool = new PoolDriver(Defaults());

        var offer = pool.Offer(Guest(1));
        Assert.Equal(Ip(1), offer.Address);
        Assert.Equal(ThreeDays, offer.LeaseTime);
        Assert.Equal(TimeSpan.FromHours(36), offer.RenewalTime);
        Assert.Equal(TimeSpan.FromHours(63), offer.RebindingTime);
        Assert.Empty(pool.Journal);

        var ack = pool.Send<LeaseAck>(new RequestSelecting(Guest(1), ServerId, Ip(1))).Grant;
        Assert.Equal(Ip(1), ack.Address);
        Assert.Equal(Start + ThreeDays, ack.Expires);
        var committed = Assert.IsType<LeaseCommitted>(Assert.Single(pool.Journal));
        Assert.Equal(new LeaseCommitted(Ip(1), Guest(1).Mac, null, "vif1.0", null, LeaseNameSource.None, Start, Start + ThreeDays), committed);
    }

    [Fact]
    public void An_offer_holds_its_address_for_the_offer_timeout_only()
    {
        var pool = new PoolDriver(Defaults());
        Assert.Equal(Ip(1), pool.Offer(Guest(1)).Address);
        Assert.Equal(Ip(2), pool.Offer(Guest(2)).Address);
        Assert.Equal(Ip(1), pool.Offer(Guest(1)).Address);

        pool.Advance(pool.Settings.OfferTimeout);
        Assert.Equal(Ip(1), pool.Offer(Guest(3)).Address);
        Assert.Equal(1, pool.Status().Offered);
    }

    [Fact]
    public void The_requested_address_is_offered_when_it_is_free_and_in_range()
    {
        var pool = new PoolDriver(Defaults(first: "192.168.0.10", last: "192.168.0.100"));

        Assert.Equal(Ip(77), pool.Offer(Guest(1), Ip(77)).Address);
        Assert.Equal(Ip(10), pool.Offer(Guest(2), Ip(77)).Address);
        Assert.Equal(Ip(11), pool.Offer(Guest(3), Ip(200)).Address);
        Assert.Equal(Ip(12), pool.Offer(Guest(4), Ip(254)).Address);
        Assert.Equal(Ip(13), pool.Offer(Guest(5), Ip("10.1.2.3")).Address);
    }

    [Fact]
    public void The_bridge_address_is_never_handed_out_and_a_full_pool_answers_nothing()
    {
        var pool = new PoolDriver(Defaults(bridge: "10.0.0.1/29"));
        var given = Enumerable.Range(1, 5).Select(n => pool.Dora(Guest(n)).Address.ToString()).ToList();
        Assert.Equal(["10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5", "10.0.0.6"], given);

        Assert.Equal(new NoAnswer(NoAnswerReason.PoolExhausted), pool.Send(new Discover(Guest(6), Ip("10.0.0.1"))));
        Assert.Equal(new NoAnswer(NoAnswerReason.PoolExhausted), pool.Send(new Discover(Guest(7))));
        var status = pool.Status();
        Assert.Equal((5, 0, 5), (status.Size, status.Free, status.Bound));
        Assert.Equal(2, status.Dropped[NoAnswerReason.PoolExhausted]);

        pool.Send(new Release(Guest(3), Ip("10.0.0.4")));
        Assert.Equal(Ip("10.0.0.4"), pool.Dora(Guest(6)).Address);
    }

    [Fact]
    public void A_client_gets_its_previous_address_back_after_a_release_while_it_is_free()
    {
        var pool = new PoolDriver(Defaults());
        pool.Dora(Guest(1));
        pool.Dora(Guest(2));
        Assert.Equal(new NoAnswer(NoAnswerReason.Released), pool.Send(new Release(Guest(2), Ip(2))));
        Assert.Equal(new LeaseReleased(Ip(2), Guest(2).Mac), Assert.Single(pool.Last!.Events));
        pool.Dora(Guest(3, clientId: "01aa"), Ip(9));

        Assert.Equal(Ip(2), pool.Dora(Guest(2)).Address);
    }

    [Fact]
    public void A_released_address_taken_by_another_client_is_not_given_back()
    {
        var pool = new PoolDriver(Defaults());
        pool.Dora(Guest(1));
        pool.Send(new Release(Guest(1), Ip(1)));
        Assert.Equal(Ip(1), pool.Dora(Guest(2)).Address);

        Assert.Equal(Ip(2), pool.Dora(Guest(1)).Address);
    }

    [Fact]
    public void An_expired_lease_is_reaped_by_the_sweep_and_its_client_still_gets_the_address_back()
    {
        var pool = new PoolDriver(Defaults());
        pool.Dora(Guest(1));
        pool.Dora(Guest(2));

        pool.Advance(ThreeDays - TimeSpan.FromSeconds(1));
        Assert.Equal(new Swept(0), pool.Send(ExpirySweep.Instance));
        pool.Send<LeaseAck>(new RequestRenewing(Guest(2), Ip(2)));
        pool.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(new Swept(1), pool.Send(ExpirySweep.Instance));
        Assert.Equal(new LeaseExpired(Ip(1), Guest(1).Mac), Assert.Single(pool.Last!.Events));
        Assert.Equal([Ip(2)], pool.Leases().Select(l => l.Address));

        pool.Dora(Guest(3), Ip(7));
        Assert.Equal(Ip(1), pool.Dora(Guest(1)).Address);
    }

    [Fact]
    public void One_sweep_reaps_a_bounded_number_of_leases_and_says_when_more_are_due()
    {
        var pool = new PoolDriver(Defaults(bridge: "10.0.7.254/21"));
        for (var n = 1; n <= LeasePoolState.MaxExpiriesPerSweep + 1; n++)
            pool.Dora(Relayed(n));
        pool.Advance(ThreeDays);

        Assert.Equal(new Swept(LeasePoolState.MaxExpiriesPerSweep, More: true), pool.Send(ExpirySweep.Instance));
        Assert.Equal(Ip("10.0.0.1"), pool.Last!.Events[0].Address);
        Assert.Equal(new Swept(1, More: false), pool.Send(ExpirySweep.Instance));
        Assert.Empty(pool.Leases());
    }

    [Fact]
    public void Renewing_extends_the_lease_of_its_holder_and_naks_anyone_else()
    {
        var pool = new PoolDriver(Defaults());
        pool.Dora(Guest(1));
        pool.Advance(TimeSpan.FromHours(36));

        var ack = pool.Send<LeaseAck>(new RequestRenewing(Guest(1), Ip(1))).Grant;
        Assert.Equal(pool.Now + ThreeDays, ack.Expires);
        var renewed = Assert.IsType<LeaseCommitted>(Assert.Single(pool.Last!.Events));
        Assert.Equal(Start, renewed.BoundSince);
        Assert.Equal(pool.Now + ThreeDays, renewed.Expires);

        pool.Send<LeaseNak>(new RequestRenewing(Guest(2), Ip(1)));
        pool.Send<LeaseNak>(new RequestRenewing(Guest(1), Ip(50)));
        pool.Send<LeaseNak>(new RequestRebinding(Guest(2), Ip(1)));
        Assert.Empty(pool.Last!.Events);
    }

    [Fact]
    public void Rebinding_extends_like_renewing_and_a_non_authoritative_pool_stays_silent_about_unknown_addresses()
    {
        var pool = new PoolDriver(Defaults() with { Authoritative = false });
        pool.Dora(Guest(1));
        pool.Advance(TimeSpan.FromHours(63));

        Assert.Equal(pool.Now + ThreeDays, pool.Send<LeaseAck>(new RequestRebinding(Guest(1), Ip(1))).Grant.Expires);
        Assert.Equal(new NoAnswer(NoAnswerReason.NotAuthoritative), pool.Send(new RequestRebinding(Guest(2), Ip(50))));
        Assert.Equal(new NoAnswer(NoAnswerReason.NotAuthoritative), pool.Send(new RequestRebinding(Guest(2), Ip("10.9.9.9"))));
        pool.Send<LeaseNak>(new RequestRebinding(Guest(2), Ip(1)));
        pool.Send<LeaseNak>(new RequestRenewing(Guest(2), Ip(50)));
    }

    [Fact]
    public void Init_reboot_acks_the_holder_and_naks_another_subnet_or_a_taken_address()
    {
        var pool = new PoolDriver(Defaults());
        pool.Dora(Guest(1));
        pool.Advance(TimeSpan.FromHours(1));

        Assert.Equal(Ip(1), pool.Send<LeaseAck>(new RequestInitReboot(Guest(1), Ip(1))).Grant.Address);
        Assert.IsType<LeaseCommitted>(Assert.Single(pool.Last!.Events));
        Assert.Contains("not on this network", pool.Send<LeaseNak>(new RequestInitReboot(Guest(2), Ip("10.0.0.5"))).Message, StringComparison.Ordinal);
        Assert.Contains("in use", pool.Send<LeaseNak>(new RequestInitReboot(Guest(2), Ip(1))).Message, StringComparison.Ordinal);
        pool.Send<LeaseNak>(new RequestInitReboot(Guest(2), Ip(254)));
        pool.Send<LeaseNak>(new RequestInitReboot(Guest(2), Ip(40)));
    }

    [Fact]
    public void Init_reboot_for_an_unknown_address_is_silence_when_not_authoritative()
    {
        var pool = new PoolDriver(Defaults() with { Authoritative = false });
        pool.Dora(Guest(1));

        Assert.Equal(new NoAnswer(NoAnswerReason.NotAuthoritative), pool.Send(new RequestInitReboot(Guest(2), Ip(40))));
        pool.Send<LeaseNak>(new RequestInitReboot(Guest(2), Ip(1)));
        pool.Send<LeaseNak>(new RequestInitReboot(Guest(2), Ip("10.0.0.5")));
        Assert.Equal(Ip(1), pool.Send<LeaseAck>(new RequestInitReboot(Guest(1), Ip(1))).Grant.Address);
    }

    [Fact]
    public void A_request_naming_another_server_drops_our_offer()
    {
        var pool = new PoolDriver(Defaults());
        pool.Offer(Guest(1));

        Assert.Equal(new NoAnswer(NoAnswerReason.NotSelected), pool.Send(new RequestSelecting(Guest(1), Ip("192.168.0.253"), Ip(1))));
        Assert.Empty(pool.Journal);
        Assert.Equal(Ip(1), pool.Offer(Guest(2)).Address);
    }

    [Fact]
    public void Selecting_an_address_offered_to_another_client_is_naked()
    {
        var pool = new PoolDriver(Defaults());
        pool.Offer(Guest(1));
        pool.Offer(Guest(2));

        pool.Send<LeaseNak>(new RequestSelecting(Guest(2), ServerId, Ip(1)));
        pool.Send<LeaseNak>(new RequestSelecting(Guest(2), ServerId, Ip(254)));
        pool.Send<LeaseNak>(new RequestSelecting(Guest(2), ServerId, Ip(255)));
        Assert.Empty(pool.Journal);
        Assert.Equal(Ip(2), pool.Send<LeaseAck>(new RequestSelecting(Guest(2), ServerId, Ip(2))).Grant.Address);
    }

    [Fact]
    public void A_selecting_request_after_the_offer_lapsed_still_gets_a_free_address()
    {
        var pool = new PoolDriver(Defaults());
        pool.Offer(Guest(1));
        pool.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(Ip(1), pool.Send<LeaseAck>(new RequestSelecting(Guest(1), ServerId, Ip(1))).Grant.Address);
    }

    [Fact]
    public void Only_the_holder_can_release_a_lease()
    {
        var pool = new PoolDriver(Defaults());
        pool.Dora(Guest(1));

        Assert.Equal(new NoAnswer(NoAnswerReason.NotHolder), pool.Send(new Release(Guest(2), Ip(1))));
        Assert.Equal(new NoAnswer(NoAnswerReason.NotHolder), pool.Send(new Release(Guest(1), Ip(2))));
        Assert.Single(pool.Journal);
        Assert.Single(pool.Leases());
    }

    [Fact]
    public void A_declined_address_is_quarantined_and_the_client_is_offered_another()
    {
        var pool = new PoolDriver(Defaults());
        pool.Dora(Guest(1));

        Assert.Equal(new NoAnswer(NoAnswerReason.Declined), pool.Send(new Decline(Guest(1), Ip(1))));
        Assert.Equal(new AddressDeclined(Ip(1), Guest(1).Mac, null, "vif1.0", Start + TimeSpan.FromHours(1)), Assert.Single(pool.Last!.Events));
        Assert.Empty(pool.Leases());
        Assert.Equal(1, pool.Status().Quarantined);

        Assert.Equal(Ip(2), pool.Dora(Guest(1)).Address);
        Assert.Equal(Ip(3), pool.Offer(Guest(2), Ip(1)).Address);
        pool.Send<LeaseNak>(new RequestInitReboot(Guest(3), Ip(1)));

        pool.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, pool.Status().Quarantined);
        Assert.Equal(Ip(1), pool.Offer(Guest(4)).Address);
    }

    [Fact]
    public void A_decline_of_an_address_the_client_does_not_hold_is_ignored()
    {
        var pool = new PoolDriver(Defaults());
        pool.Dora(Guest(1));

        Assert.Equal(new NoAnswer(NoAnswerReason.NotHolder), pool.Send(new Decline(Guest(2), Ip(1))));
        Assert.Equal(new NoAnswer(NoAnswerReason.NotHolder), pool.Send(new Decline(Guest(2), Ip(9))));
        Assert.Single(pool.Leases());
        Assert.Equal(0, pool.Status().Quarantined);
    }

    [Fact]
    public void An_offered_address_can_be_declined_too()
    {
        var pool = new PoolDriver(Defaults());
        pool.Offer(Guest(1));

        Assert.Equal(new NoAnswer(NoAnswerReason.Declined), pool.Send(new Decline(Guest(1), Ip(1))));
        Assert.Equal(Ip(2), pool.Offer(Guest(1)).Address);
    }

    [Fact]
    public void A_reservation_by_mac_gives_its_address_and_name_and_keeps_everyone_else_off_it()
    {
        var pool = new PoolDriver(Defaults(reservations: [new DhcpReservation("dhcp.reservations.0", Guest(5).Mac, null, Ip(100), "db")]));

        pool.Send<LeaseNak>(new RequestSelecting(Guest(1), ServerId, Ip(100)));
        Assert.Equal(Ip(1), pool.Offer(Guest(1), Ip(100)).Address);
        var grant = pool.Dora(Guest(5, hostName: "something-else"));
        Assert.Equal((Ip(100), "db"), (grant.Address, grant.Name));
        Assert.Equal(LeaseNameSource.Reservation, Assert.IsType<LeaseCommitted>(Assert.Single(pool.Last!.Events)).NameSource);
        pool.Send<LeaseNak>(new RequestInitReboot(Guest(2), Ip(100)));
        Assert.Equal(252, pool.Status().Size);
    }

    [Fact]
    public void A_reservation_by_xen_domain_name_may_lie_outside_the_range()
    {
        var pool = new PoolDriver(Defaults(first: "192.168.0.1", last: "192.168.0.50", reservations: [new DhcpReservation("dhcp.reservations.0", null, "web", Ip(200), null)]));

        var grant = pool.Dora(Guest(7, domain: "Web"));
        Assert.Equal((Ip(200), "web"), (grant.Address, grant.Name));
        Assert.Equal(LeaseNameSource.XenDomain, Assert.IsType<LeaseCommitted>(Assert.Single(pool.Last!.Events)).NameSource);
        Assert.Equal(Ip(1), pool.Dora(Guest(8, domain: "other")).Address);
        Assert.Equal(50, pool.Status().Size);
    }

    [Fact]
    public void A_new_reservation_moves_its_guest_at_the_next_renewal()
    {
        var before = new PoolDriver(Defaults());
        before.Dora(Guest(5));
        var pool = new PoolDriver(Defaults(reservations: [new DhcpReservation("dhcp.reservations.0", Guest(5).Mac, null, Ip(100), null)]));
        foreach (var e in before.Journal)
            pool.State.Recover(e);

        Assert.Contains("reserved address 192.168.0.100", pool.Send<LeaseNak>(new RequestRenewing(Guest(5), Ip(1))).Message, StringComparison.Ordinal);
        Assert.Equal(Ip(100), pool.Dora(Guest(5)).Address);
        Assert.Equal([Ip(100)], pool.Leases().Select(l => l.Address));
    }

    [Fact]
    public void A_reserved_address_held_by_another_client_is_taken_back_at_that_clients_renewal()
    {
        var before = new PoolDriver(Defaults());
        before.Dora(Guest(1));
        var pool = new PoolDriver(Defaults(reservations: [new DhcpReservation("dhcp.reservations.0", Guest(5).Mac, null, Ip(1), null)]));
        foreach (var e in before.Journal)
            pool.State.Recover(e);

        Assert.Equal(Ip(2), pool.Dora(Guest(5)).Address);
        pool.Send<LeaseNak>(new RequestRenewing(Guest(1), Ip(1)));
        pool.Send(new Release(Guest(1), Ip(1)));
        pool.Send<LeaseNak>(new RequestRenewing(Guest(5), Ip(2)));
        Assert.Equal(Ip(1), pool.Dora(Guest(5)).Address);
    }

    [Fact]
    public void Inform_changes_nothing()
    {
        var pool = new PoolDriver(Defaults());
        pool.Dora(Guest(1));

        Assert.Same(InformAck.Instance, pool.Send(new Inform(Guest(1), Ip(1))));
        Assert.Empty(pool.Last!.Events);
        Assert.Single(pool.Journal);
    }

    [Fact]
    public void A_client_id_identifies_relayed_clients_behind_one_mac_but_not_guests_behind_a_vif()
    {
        var pool = new PoolDriver(Defaults());
        var mac = MacAddress.Parse("02:00:00:00:00:01");
        Assert.Equal(Ip(1), pool.Dora(new LeaseClient(mac, "01aa")).Address);
        Assert.Equal(Ip(2), pool.Dora(new LeaseClient(mac, "01bb")).Address);

        Assert.Equal(Ip(3), pool.Dora(Guest(3, clientId: "01aa")).Address);
        Assert.Equal(Ip(3), pool.Dora(Guest(3, clientId: "ff0102")).Address);
        var lease = pool.Leases().Single(l => l.Vif == "vif3.0");
        Assert.Equal("ff0102", lease.ClientId);
        Assert.Equal(3, pool.Leases().Count);
    }

    [Fact]
    public void Queries_list_and_find_leases_ordered_by_address()
    {
        var pool = new PoolDriver(Defaults());
        pool.Dora(Guest(1), Ip(20));
        pool.Dora(Guest(2), Ip(3));
        pool.Dora(Guest(3), Ip(100));

        Assert.Equal([Ip(3), Ip(20), Ip(100)], pool.Leases().Select(l => l.Address));
        Assert.Equal([Ip(20)], pool.Send<LeaseList>(new FindLeases(Mac: Guest(1).Mac)).Leases.Select(l => l.Address));
        Assert.Equal("vif3.0", Assert.Single(pool.Send<LeaseList>(new FindLeases(Address: Ip(100))).Leases).Vif);
        Assert.Empty(pool.Send<LeaseList>(new FindLeases(Ip(100), Guest(1).Mac)).Leases);
    }

    [Fact]
    public void The_name_comes_from_the_first_usable_source_by_priority()
    {
        var pool = new PoolDriver(Defaults(reservations: [new DhcpReservation("dhcp.reservations.0", Guest(1).Mac, null, Ip(100), "reserved")]));

        Assert.Equal("reserved", pool.Dora(Guest(1, domain: "dom", fqdn: "fq.xen", hostName: "host")).Name);
        Assert.Equal("dom", pool.Dora(Guest(2, domain: "Dom", fqdn: "fq.xen", hostName: "host")).Name);
        Assert.Equal("fq", pool.Dora(Guest(3, fqdn: "fq.xen", hostName: "host")).Name);
        Assert.Equal("host", pool.Dora(Guest(4, fqdn: "bad_name.xen", hostName: "host")).Name);
        Assert.Equal("xen1", pool.Dora(Guest(5, hostName: "xen1.xen")).Name);
        Assert.Null(pool.Dora(Guest(6, hostName: "-bad-")).Name);
        Assert.Equal(
            [LeaseNameSource.Reservation, LeaseNameSource.XenDomain, LeaseNameSource.ClientFqdn, LeaseNameSource.HostName, LeaseNameSource.HostName, LeaseNameSource.None],
            pool.Leases().OrderBy(l => l.Mac.ToString(), StringComparer.Ordinal).Select(l => l.NameSource));
    }

    [Fact]
    public void Name_changes_are_published_on_binding_rename_and_end_but_not_on_a_plain_renewal()
    {
        var pool = new PoolDriver(Defaults());
        pool.Dora(Guest(1, hostName: "alpha"));
        Assert.Equal([new LeaseNameBound("alpha", Ip(1), Guest(1).Mac, "vif1.0", LeaseNameSource.HostName, Start, Start + ThreeDays)], pool.Published);

        pool.Advance(TimeSpan.FromHours(1));
        pool.Send<LeaseAck>(new RequestRenewing(Guest(1, hostName: "alpha"), Ip(1)));
        Assert.Empty(pool.Last!.NameChanges);

        pool.Send<LeaseAck>(new RequestRenewing(Guest(1, hostName: "beta"), Ip(1)));
        Assert.Equal(
            [new LeaseNameUnbound("alpha", Ip(1), Guest(1).Mac, "vif1.0"), new LeaseNameBound("beta", Ip(1), Guest(1).Mac, "vif1.0", LeaseNameSource.HostName, Start, pool.Now + ThreeDays)],
            pool.Last!.NameChanges);

        pool.Send(new Release(Guest(1), Ip(1)));
        Assert.Equal([new LeaseNameUnbound("beta", Ip(1), Guest(1).Mac, "vif1.0")], pool.Last!.NameChanges);
        pool.Dora(Guest(2));
        Assert.Empty(pool.Last!.NameChanges);
    }

    [Fact]
    public void Moving_a_named_guest_to_its_reservation_unbinds_the_old_address()
    {
        var before = new PoolDriver(Defaults());
        before.Dora(Guest(5, domain: "db"));
        var pool = new PoolDriver(Defaults(reservations: [new DhcpReservation("dhcp.reservations.0", null, "db", Ip(100), null)]));
        foreach (var e in before.Journal)
            pool.State.Recover(e);

        pool.Dora(Guest(5, domain: "db"));
        Assert.Equal(
            [new LeaseNameUnbound("db", Ip(1), Guest(5).Mac, "vif5.0"), new LeaseNameBound("db", Ip(100), Guest(5).Mac, "vif5.0", LeaseNameSource.XenDomain, Start, Start + ThreeDays)],
            pool.Last!.NameChanges);
    }

    [Fact]
    public void Expiry_and_decline_unbind_names()
    {
        var pool = new PoolDriver(Defaults());
        pool.Dora(Guest(1, hostName: "one"));
        pool.Dora(Guest(2, hostName: "two"));
        pool.Send(new Decline(Guest(2), Ip(2)));
        Assert.Equal([new LeaseNameUnbound("two", Ip(2), Guest(2).Mac, "vif2.0")], pool.Last!.NameChanges);

        pool.Advance(ThreeDays);
        pool.Send(ExpirySweep.Instance);
        Assert.Equal([new LeaseNameUnbound("one", Ip(1), Guest(1).Mac, "vif1.0")], pool.Last!.NameChanges);
    }

    [Fact]
    public void A_snapshot_restores_leases_ended_leases_and_quarantines()
    {
        var pool = new PoolDriver(Defaults());
        pool.Dora(Guest(1, hostName: "one"));
        pool.Dora(Guest(2));
        pool.Dora(Guest(3));
        pool.Send(new Release(Guest(2), Ip(2)));
        pool.Send(new Decline(Guest(3), Ip(3)));

        var restored = LeasePoolState.FromSnapshot(pool.Settings, pool.State.ToSnapshot());
        var snapshot = restored.ToSnapshot();
        Assert.Equal(pool.State.ToSnapshot().Leases, snapshot.Leases);
        Assert.Equal([Ip(2)], snapshot.Ended.Select(l => l.Address));
        Assert.Equal([Ip(3)], snapshot.Quarantined.Select(q => q.Address));

        var again = restored.Apply(new Discover(Guest(2)), pool.Now);
        Assert.Equal(Ip(2), Assert.IsType<LeaseOffer>(again.Reply).Grant.Address);
        Assert.Equal(Ip(4), Assert.IsType<LeaseOffer>(restored.Apply(new Discover(Guest(9)), pool.Now).Reply).Grant.Address);
    }
}
