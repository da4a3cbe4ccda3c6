using System.Net;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using XenMesh.Messages.Values;
using XenMesh.Node.Configuration;
using XenMesh.Node.Dhcp.Leases;
using static XenMesh.Node.Dhcp.Leases.LeasePoolProtocol;
using static XenMesh.Tests.Dhcp.Leases.PoolDriver;

namespace XenMesh.Tests.Dhcp.Leases;

/// <summary>
/// Random client behaviour against a small pool (10.0.0.0/28, bridge .14, range .2-.11, one reservation
/// outside and one inside the range, one-hour leases, small limits) with the clock moving in jumps.
/// </summary>
public sealed class LeasePoolPropertyTests
{
    private static readonly Ipv4Interface Bridge = new(IPAddress.Parse("10.0.0.14"), new Ipv4Subnet(0x0A000000, 28));

    private static readonly LeaseClient[] Clients =
    [
        Guest(1, hostName: "one"),
        Guest(2, domain: "res"),
        Guest(3, fqdn: "three.xen"),
        Guest(4, hostName: "same"),
        Relayed(5, clientId: "0105"),
        Relayed(5, clientId: "0106"),
        Relayed(7),
    ];

    private static readonly DhcpReservation[] Reservations =
    [
        new("dhcp.reservations.0", Clients[0].Mac, null, IPAddress.Parse("10.0.0.13"), "first"),
        new("dhcp.reservations.1", null, "res", IPAddress.Parse("10.0.0.5"), null),
    ];

    private static readonly IPAddress[] Addresses =
        [.. Enumerable.Range(0, 16).Select(n => IPAddress.Parse($"10.0.0.{n}")), IPAddress.Parse("10.0.1.1")];

    private static readonly TimeSpan[] Jumps =
        [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(40), TimeSpan.FromMinutes(30), TimeSpan.FromHours(1), TimeSpan.FromHours(2)];

    [Property(MaxTest = 300)]
    public Property No_sequence_of_commands_gives_one_address_to_two_clients_or_an_address_outside_the_pool() =>
        Prop.ForAll(Scenario().ToArbitrary(), scenario =>
        {
            var (authoritative, steps) = scenario;
            var settings = new LeasePoolSettings("prop", Bridge, 0x0A000002, 0x0A00000B)
            {
                LeaseTime = TimeSpan.FromHours(1),
                Authoritative = authoritative,
                QuarantinedPerVif = 2,
                Reservations = Reservations,
            };
            var pool = new PoolDriver(settings);
            var holders = new Dictionary<IPAddress, (string Client, DateTimeOffset Expires)>();
            foreach (var step in steps)
            {
                if (step.Jump is { } jump)
                {
                    pool.Advance(jump);
                    continue;
                }

                var reply = pool.Send(step.Command!);
                CheckReply(pool, step.Command!, reply, holders);
                CheckLeases(pool);
            }

            CheckReplay(pool);
            return true;
        });

    /// <summary>
    /// What clients believe: an ACK makes its client the holder of the address until the lease ends or the
    /// client lets go of it (RELEASE, DECLINE, a NAK, or an ACK for another address). No ACK may name an
    /// address another client still believes it holds.
    /// </summary>
    private static void CheckReply(PoolDriver pool, ILeasePoolCommand command, ILeasePoolReply reply, Dictionary<IPAddress, (string Client, DateTimeOffset Expires)> holders)
    {
        if (command is not IDhcpClientCommand { Client: var client })
            return;
        var key = ClientKey.Of(client).ToString();
        switch (reply)
        {
            case LeaseOffer { Grant: var offer }:
                CheckGrantable(pool, client, offer.Address);
                break;
            case LeaseAck { Grant: var ack }:
                CheckGrantable(pool, client, ack.Address);
                if (holders.TryGetValue(ack.Address, out var holder) && holder.Client != key && holder.Expires > pool.Now)
                    Assert.Fail($"{ack.Address} acked to {key} while {holder.Client} holds it until {holder.Expires} (now {pool.Now})");
                foreach (var mine in holders.Where(h => h.Value.Client == key).Select(h => h.Key).ToList())
                    holders.Remove(mine);
                holders[ack.Address] = (key, ack.Expires);
                break;
            case LeaseNak or NoAnswer { Reason: NoAnswerReason.Released or NoAnswerReason.Declined }:
                var address = command switch
                {
                    RequestInitReboot r => r.RequestedAddress,
                    RequestRenewing r => r.ClientAddress,
                    RequestRebinding r => r.ClientAddress,
                    Release r => r.ClientAddress,
                    Decline d => d.Address,
                    _ => null,
                };
                if (address is not null && holders.TryGetValue(address, out var current) && current.Client == key)
                    holders.Remove(address);
                break;
        }
    }

    private static void CheckGrantable(PoolDriver pool, LeaseClient client, IPAddress address)
    {
        var value = Ipv4Subnet.ToUInt32(address);
        var reservation = Reservations.FirstOrDefault(r => r.Address.Equals(address));
        Assert.True(Bridge.Subnet.Contains(address), $"{address} outside {Bridge.Subnet}");
        Assert.NotEqual(Bridge.Address, address);
        if (reservation is null)
            Assert.InRange(value, pool.Settings.RangeFirst, pool.Settings.RangeLast);
        else
            Assert.True(reservation.Mac == client.Mac || reservation.DomainName == client.XenDomainName, $"{address} is reserved for another client than {client}");
    }

    private static void CheckLeases(PoolDriver pool)
    {
        var leases = pool.Leases();
        Assert.Equal(leases.Count, leases.Select(l => l.Address).Distinct().Count());
        Assert.Equal(leases.Count, leases.Select(l => ClientKey.Of(new LeaseClient(l.Mac, l.ClientId, l.Vif))).Distinct().Count());
        foreach (var lease in leases)
        {
            Assert.NotEqual(Bridge.Address, lease.Address);
            Assert.True(Ipv4Subnet.ToUInt32(lease.Address) is >= 0x0A000002 and <= 0x0A00000B || Reservations.Any(r => r.Address.Equals(lease.Address)), $"{lease.Address} is neither in the range nor reserved");
        }
    }

    /// <summary>The journal alone, and a snapshot of the live state, rebuild the same leases and quarantines.</summary>
    private static void CheckReplay(PoolDriver pool)
    {
        var live = pool.State.ToSnapshot();
        foreach (var rebuilt in new[] { pool.Replayed().ToSnapshot(), LeasePoolState.FromSnapshot(pool.Settings, live).ToSnapshot() })
        {
            Assert.Equal(live.Leases, rebuilt.Leases);
            Assert.Equal(live.Ended, rebuilt.Ended);
            Assert.Equal(live.Quarantined.Where(q => q.QuarantinedUntil > pool.Now), rebuilt.Quarantined.Where(q => q.QuarantinedUntil > pool.Now));
        }
    }

    private static Gen<(bool Authoritative, Step[] Steps)> Scenario() =>
        from authoritative in Gen.Elements(true, false)
        from count in Gen.Choose(10, 150)
        from steps in StepGen().ArrayOf(count)
        select (authoritative, steps);

    private static Gen<Step> StepGen()
    {
        var client = Gen.Elements(Clients);
        var address = Gen.Elements(Addresses);
        var maybeAddress = Gen.Frequency((1, Gen.Constant<IPAddress?>(null)), (2, address.Select(a => (IPAddress?)a)));
        var serverId = Gen.Frequency((4, Gen.Constant(Bridge.Address)), (1, Gen.Constant(IPAddress.Parse("10.0.0.1"))));
        return Gen.Frequency(
            (6, client.Zip(maybeAddress, (c, a) => Step.Do(new Discover(c, a)))),
            (6, from c in client from s in serverId from a in address select Step.Do(new RequestSelecting(c, s, a))),
            (2, client.Zip(address, (c, a) => Step.Do(new RequestInitReboot(c, a)))),
            (2, client.Zip(address, (c, a) => Step.Do(new RequestRenewing(c, a)))),
            (2, client.Zip(address, (c, a) => Step.Do(new RequestRebinding(c, a)))),
            (2, client.Zip(address, (c, a) => Step.Do(new Release(c, a)))),
            (2, client.Zip(address, (c, a) => Step.Do(new Decline(c, a)))),
            (1, client.Zip(address, (c, a) => Step.Do(new Inform(c, a)))),
            (1, Gen.Constant(Step.Do(ExpirySweep.Instance))),
            (3, Gen.Elements(Jumps).Select(Step.Wait)));
    }

    /// <summary>One command, or the clock moving on.</summary>
    internal sealed record Step(ILeasePoolCommand? Command, TimeSpan? Jump)
    {
        public static Step Do(ILeasePoolCommand command) => new(command, null);

        public static Step Wait(TimeSpan jump) => new(null, jump);
    }
}
