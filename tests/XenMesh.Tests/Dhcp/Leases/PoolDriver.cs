using System.Net;
using XenMesh.Messages.Values;
using XenMesh.Node.Configuration;
using XenMesh.Node.Dhcp.Leases;
using static XenMesh.Messages.Leases.LeaseEvents;
using static XenMesh.Node.Dhcp.Leases.LeaseNameChanges;
using static XenMesh.Node.Dhcp.Leases.LeasePoolProtocol;

namespace XenMesh.Tests.Dhcp.Leases;

/// <summary>Drives a <see cref="LeasePoolState"/> with an explicit clock and keeps what it journaled and published.</summary>
internal sealed class PoolDriver(LeasePoolSettings settings)
{
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly IPAddress ServerId = IPAddress.Parse("192.168.0.254");

    public LeasePoolState State { get; } = new(settings);

    public LeasePoolSettings Settings { get; } = settings;

    public DateTimeOffset Now { get; set; } = Start;

    public List<ILeaseEvent> Journal { get; } = [];

    public List<ILeaseNameChange> Published { get; } = [];

    public LeaseDecision? Last { get; private set; }

    /// <summary>The default pool: bridge 192.168.0.254/24, range .1-.253, the config defaults.</summary>
    public static LeasePoolSettings Defaults(string bridge = "192.168.0.254/24", string? first = null, string? last = null, IReadOnlyList<DhcpReservation>? reservations = null)
    {
        Assert.True(Ipv4Interface.TryParse(bridge, out var parsed, out var error), error);
        var (rangeFirst, rangeLast) = new DhcpSettings { RangeStart = first, RangeEnd = last }.EffectiveRange(parsed.Subnet);
        return new LeasePoolSettings("testhost", parsed, rangeFirst, rangeLast) { Reservations = reservations ?? [] };
    }

    public static IPAddress Ip(string address) => IPAddress.Parse(address);

    public static IPAddress Ip(int lastOctet) => IPAddress.Parse($"192.168.0.{lastOctet}");

    /// <summary>A guest behind its own vif: MAC 00:16:3e:00:00:nn on vifnn.0.</summary>
    public static LeaseClient Guest(int n, string? domain = null, string? fqdn = null, string? hostName = null, string? clientId = null) =>
        new(MacAddress.Parse($"00:16:3e:00:{n / 256:x2}:{n % 256:x2}"), clientId, $"vif{n}.0", domain, fqdn, hostName);

    /// <summary>A client relayed with giaddr (perfdhcp): no vif.</summary>
    public static LeaseClient Relayed(int n, string? clientId = null) =>
        new(MacAddress.Parse($"02:00:00:00:{n / 256:x2}:{n % 256:x2}"), clientId);

    public ILeasePoolReply Send(ILeasePoolCommand command)
    {
        Last = State.Apply(command, Now);
        Journal.AddRange(Last.Events);
        Published.AddRange(Last.NameChanges);
        return Last.Reply;
    }

    public T Send<T>(ILeasePoolCommand command) where T : ILeasePoolReply => Assert.IsType<T>(Send(command));

    public LeaseGrant Offer(LeaseClient client, IPAddress? requested = null) => Send<LeaseOffer>(new Discover(client, requested)).Grant;

    /// <summary>DISCOVER, OFFER, REQUEST, ACK: the address the client ends up with.</summary>
    public LeaseGrant Dora(LeaseClient client, IPAddress? requested = null)
    {
        var offer = Offer(client, requested);
        return Send<LeaseAck>(new RequestSelecting(client, Settings.Bridge.Address, offer.Address)).Grant;
    }

    public void Advance(TimeSpan by) => Now += by;

    public PoolStatus Status() => Send<PoolStatus>(GetPoolStatus.Instance);

    public IReadOnlyList<LeaseRecord> Leases() => Send<LeaseList>(ListLeases.Instance).Leases;

    /// <summary>A fresh state that replayed this driver's journal.</summary>
    public LeasePoolState Replayed()
    {
        var replayed = new LeasePoolState(Settings);
        foreach (var e in Journal)
            replayed.Recover(e);
        return replayed;
    }
}
