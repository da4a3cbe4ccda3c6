using System.Net;
using XenMesh.Messages.Values;
using XenMesh.Node.Configuration;
using static XenMesh.Messages.Leases.LeaseEvents;
using static XenMesh.Node.Dhcp.Leases.LeaseNameChanges;
using static XenMesh.Node.Dhcp.Leases.LeasePoolProtocol;

namespace XenMesh.Node.Dhcp.Leases;

/// <summary>
/// The lease pool's rules: one host subnet's leases, offers, quarantines and abuse limits, with no actor,
/// clock or I/O inside. <see cref="Apply"/> decides a command at the time it is given and applies the
/// events it decides to itself at once, so the next command already sees them while they are still on
/// their way to the journal (group commit); <see cref="Recover"/> applies a journaled event. Replaying the
/// events a series of <see cref="Apply"/> calls returned gives the same leases, ended leases and
/// quarantines. Offers and token buckets are deliberately in memory only. Not thread-safe: one actor owns it.
/// </summary>
public sealed class LeasePoolState
{
    /// <summary>The most leases one <see cref="ExpirySweep"/> reaps; <see cref="Swept.More"/> says when more are due.</summary>
    public const int MaxExpiriesPerSweep = 1000;

    private readonly LeasePoolSettings _settings;
    private readonly Ipv4Subnet _subnet;
    private readonly uint _bridge;
    private readonly AddressBitmap _taken;

    private readonly Dictionary<uint, LeaseCommitted> _leases = [];
    private readonly Dictionary<ClientKey, uint> _leaseByClient = [];
    private readonly Dictionary<uint, LeaseCommitted> _ended = [];
    private readonly Dictionary<ClientKey, uint> _endedByClient = [];
    private readonly Dictionary<uint, PendingOffer> _offers = [];
    private readonly Dictionary<ClientKey, uint> _offerByClient = [];
    private readonly PriorityQueue<uint, DateTimeOffset> _offerExpiry = new();
    private readonly Dictionary<uint, AddressDeclined> _quarantine = [];
    private readonly PriorityQueue<uint, DateTimeOffset> _quarantineExpiry = new();
    private readonly Dictionary<string, int> _heldByVif = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _quarantinedByVif = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TokenBucket> _buckets = new(StringComparer.Ordinal);
    private readonly Dictionary<uint, DhcpReservation> _reservationByAddress = [];
    private readonly Dictionary<MacAddress, DhcpReservation> _reservationByMac = [];
    private readonly Dictionary<string, DhcpReservation> _reservationByDomain = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<MacAddress, ReservationAdded> _operatorReservations = [];
    private readonly Dictionary<NoAnswerReason, long> _dropped = [];

    private int _size;
    private List<ILeaseEvent> _events = [];
    private List<ILeaseNameChange> _nameChanges = [];

    public LeasePoolState(LeasePoolSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        _subnet = settings.Bridge.Subnet;
        _bridge = Ipv4Subnet.ToUInt32(settings.Bridge.Address);
        if (settings.RangeFirst > settings.RangeLast || !IsHostAddress(settings.RangeFirst) || !IsHostAddress(settings.RangeLast))
            throw new ArgumentException($"range {Ipv4Subnet.ToAddress(settings.RangeFirst)}-{Ipv4Subnet.ToAddress(settings.RangeLast)} is not inside {_subnet}", nameof(settings));

        _taken = new AddressBitmap(checked((int)(settings.RangeLast - settings.RangeFirst + 1)));
        foreach (var reservation in settings.Reservations)
        {
            _reservationByAddress[Ipv4Subnet.ToUInt32(reservation.Address)] = reservation;
            if (reservation.Mac is { } mac)
                _reservationByMac[mac] = reservation;
            if (reservation.DomainName is { } domain)
                _reservationByDomain[domain] = reservation;
        }

        Refresh(_bridge);
        foreach (var reserved in _reservationByAddress.Keys)
            Refresh(reserved);
        _size = _taken.FreeCount;
    }

    /// <summary>Leases not yet released, expired or declined.</summary>
    public int LeaseCount => _leases.Count;

    /// <summary>Dynamic addresses neither bound, offered nor quarantined.</summary>
    public int FreeCount => _taken.FreeCount;

    public static LeasePoolState FromSnapshot(LeasePoolSettings settings, LeasePoolSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var state = new LeasePoolState(settings);
        foreach (var reserved in snapshot.Reserved ?? [])
            state.AddOperatorReservation(reserved);
        foreach (var lease in snapshot.Leases)
            state.Bind(lease);
        foreach (var ended in snapshot.Ended)
            state.RememberEnded(ended);
        foreach (var declined in snapshot.Quarantined)
            state.Quarantine(declined);
        return state;
    }

    /// <summary>
    /// The pool in address order. It runs on the pool's thread with tens of thousands of leases, so it
    /// sorts plain arrays of addresses instead of ordering key-value pairs through LINQ.
    /// </summary>
    public LeasePoolSnapshot ToSnapshot() => new(
        InAddressOrder(_leases),
        InAddressOrder(_ended),
        InAddressOrder(_quarantine),
        [.. _operatorReservations.Values.OrderBy(r => Ipv4Subnet.ToUInt32(r.Address))]);

    /// <summary>Decides <paramref name="command"/> at <paramref name="now"/> and applies the resulting events to this state.</summary>
    public LeaseDecision Apply(ILeasePoolCommand command, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(command);
        _events = [];
        _nameChanges = [];
        ExpireOffersAndQuarantines(now);
        ILeasePoolReply reply = command switch
        {
            IDhcpClientCommand c when c is not Release && !TakeToken(c.Client, now) => Drop(NoAnswerReason.RateLimited),
            Discover d => OfferAddress(d.Client, d.RequestedAddress, now),
            RequestSelecting s => Selecting(s, now),
            RequestInitReboot r => InitReboot(r.Client, Ipv4Subnet.ToUInt32(r.RequestedAddress), now),
            RequestRenewing r => Renew(r.Client, Ipv4Subnet.ToUInt32(r.ClientAddress), rebinding: false, now),
            RequestRebinding r => Renew(r.Client, Ipv4Subnet.ToUInt32(r.ClientAddress), rebinding: true, now),
            Release r => ReleaseLease(r.Client, Ipv4Subnet.ToUInt32(r.ClientAddress)),
            Decline d => DeclineAddress(d.Client, Ipv4Subnet.ToUInt32(d.Address), now),
            Inform => InformAck.Instance,
            ExpirySweep => Sweep(now),
            ListLeases => new LeaseList(Records(_leases.Values)),
            FindLeases f => new LeaseList(Records(_leases.Values.Where(l =>
                (f.Address is null || l.Address.Equals(f.Address)) && (f.Mac is null || l.Mac == f.Mac)))),
            ReleaseClient r => ReleaseByOperator(r.Mac),
            Reserve r => ReserveByOperator(r),
            Unreserve u => UnreserveByOperator(u.Mac),
            GetPoolStatus => new PoolStatus(_size, _taken.FreeCount, _leases.Count, _offers.Count, _quarantine.Count, new Dictionary<NoAnswerReason, long>(_dropped)),
            _ => throw new ArgumentException($"unknown lease pool command {command.GetType()}", nameof(command)),
        };
        return new LeaseDecision(_events, reply, _nameChanges);
    }

    /// <summary>Applies a journaled event.</summary>
    public void Recover(ILeaseEvent e)
    {
        switch (e)
        {
            case LeaseCommitted c:
                Bind(c);
                break;
            case LeaseReleased or LeaseExpired:
                if (_leases.TryGetValue(Ipv4Subnet.ToUInt32(e.Address), out var lease))
                {
                    RemoveLease(Ipv4Subnet.ToUInt32(e.Address));
                    RememberEnded(lease);
                }

                break;
            case AddressDeclined d:
                Quarantine(d);
                break;
            case ReservationAdded r:
                AddOperatorReservation(r);
                break;
            case ReservationRemoved r:
                RemoveOperatorReservation(r.Mac);
                break;
            default:
                throw new ArgumentException($"unknown lease event {e?.GetType()}", nameof(e));
        }
    }

    private ILeasePoolReply OfferAddress(LeaseClient client, IPAddress? requested, DateTimeOffset now)
    {
        var key = ClientKey.Of(client);
        if (OverVifLimit(client, key))
            return Drop(NoAnswerReason.VifLeaseLimit);
        var reservation = ReservationFor(client);
        if (ChooseAddress(key, reservation, requested) is not { } address)
            return Drop(NoAnswerReason.PoolExhausted);

        if (_leases.ContainsKey(address))
        {
            // Its own lease: the binding already holds the address, an offer entry would only count it twice.
            if (_offerByClient.TryGetValue(key, out var other))
                RemoveOffer(other);
        }
        else
        {
            AddOffer(address, new PendingOffer(key, client.Vif, now + _settings.OfferTimeout));
        }

        var (name, _) = LeaseNaming.Resolve(reservation, client);
        return new LeaseOffer(Grant(address, name, now + _settings.LeaseTime));
    }

    private ILeasePoolReply Selecting(RequestSelecting request, DateTimeOffset now)
    {
        var key = ClientKey.Of(request.Client);
        if (!request.ServerId.Equals(_settings.Bridge.Address))
        {
            if (_offerByClient.TryGetValue(key, out var offered))
                RemoveOffer(offered);
            return new NoAnswer(NoAnswerReason.NotSelected);
        }

        return CommitIfAllowed(request.Client, key, Ipv4Subnet.ToUInt32(request.RequestedAddress), now);
    }

    private ILeasePoolReply InitReboot(LeaseClient client, uint address, DateTimeOffset now)
    {
        if (!InSubnet(address))
            return new LeaseNak($"{Ipv4Subnet.ToAddress(address)} is not on this network ({_subnet})");
        var key = ClientKey.Of(client);
        if (_leases.TryGetValue(address, out var lease) && ClientKey.Of(lease) == key)
            return CommitIfAllowed(client, key, address, now);
        if (IsTakenByAnother(address, key, ReservationFor(client)))
            return new LeaseNak($"{Ipv4Subnet.ToAddress(address)} is in use");
        return _settings.Authoritative
            ? new LeaseNak($"no lease for {Ipv4Subnet.ToAddress(address)}")
            : new NoAnswer(NoAnswerReason.NotAuthoritative);
    }

    private ILeasePoolReply Renew(LeaseClient client, uint address, bool rebinding, DateTimeOffset now)
    {
        var key = ClientKey.Of(client);
        if (_leases.TryGetValue(address, out var lease) && ClientKey.Of(lease) == key)
            return CommitIfAllowed(client, key, address, now);

        // A rebinding client broadcasts to any server; one that does not own the network stays out of it.
        if (rebinding && !_settings.Authoritative && !(InSubnet(address) && IsTakenByAnother(address, key, ReservationFor(client))))
            return new NoAnswer(NoAnswerReason.NotAuthoritative);
        return new LeaseNak($"no lease for {Ipv4Subnet.ToAddress(address)} held by this client");
    }

    private NoAnswer ReleaseLease(LeaseClient client, uint address)
    {
        var key = ClientKey.Of(client);
        if (!_leases.TryGetValue(address, out var lease) || ClientKey.Of(lease) != key)
            return new NoAnswer(NoAnswerReason.NotHolder);
        if (_offerByClient.TryGetValue(key, out var offered))
            RemoveOffer(offered);
        Emit(new LeaseReleased(lease.Address, lease.Mac));
        return new NoAnswer(NoAnswerReason.Released);
    }

    private NoAnswer DeclineAddress(LeaseClient client, uint address, DateTimeOffset now)
    {
        var key = ClientKey.Of(client);
        var holds = (_leases.TryGetValue(address, out var lease) && ClientKey.Of(lease) == key)
            || (_offers.TryGetValue(address, out var offer) && offer.Client == key);
        if (!holds)
            return new NoAnswer(NoAnswerReason.NotHolder);
        if (client.Vif is { } vif && _quarantinedByVif.GetValueOrDefault(vif) >= _settings.QuarantinedPerVif)
            return Drop(NoAnswerReason.QuarantineLimit);
        Emit(new AddressDeclined(Ipv4Subnet.ToAddress(address), client.Mac, client.ClientId, client.Vif, now + _settings.QuarantineTime));
        return new NoAnswer(NoAnswerReason.Declined);
    }

    private ClientReleased ReleaseByOperator(MacAddress mac)
    {
        var leases = _leases.Values.Where(l => l.Mac == mac).OrderBy(l => Ipv4Subnet.ToUInt32(l.Address)).ToList();
        foreach (var lease in leases)
            Emit(new LeaseReleased(lease.Address, lease.Mac));
        return new ClientReleased(Records(leases));
    }

    /// <summary>
    /// An operator reservation may take any host address of the subnet but the bridge's that no other
    /// reservation holds, no other client is bound to and is not quarantined; a MAC reserved in the config
    /// keeps that reservation. The client's current lease elsewhere ends at its next request (it is NAKed
    /// and comes back to its reserved address).
    /// </summary>
    private ILeasePoolReply ReserveByOperator(Reserve request)
    {
        var address = Ipv4Subnet.ToUInt32(request.Address);
        if (!IsHostAddress(address) || address == _bridge)
            return new ReservationRefused($"{request.Address} is not a host address of {_subnet} other than the bridge's");
        if (request.Name is { } name && (!DnsLabel.IsValid(name) || name.Any(char.IsAsciiLetterUpper)))
            return new ReservationRefused($"'{name}' is not a lower-case RFC 1123 label");
        if (_reservationByMac.TryGetValue(request.Mac, out var configured) && !_operatorReservations.ContainsKey(request.Mac))
            return new ReservationRefused($"{request.Mac} is reserved in the configuration ({configured.Key})");
        if (_reservationByAddress.TryGetValue(address, out var holder) && holder.Mac != request.Mac)
            return new ReservationRefused($"{request.Address} is reserved for {(object?)holder.Mac ?? holder.DomainName} ({holder.Key})");
        if (request.Name is not null && _reservationByAddress.Values.FirstOrDefault(r => r.Mac != request.Mac && r.Name == request.Name) is { } named)
            return new ReservationRefused($"the name {request.Name} is reserved for {(object?)named.Mac ?? named.DomainName} ({named.Key})");
        if (_leases.TryGetValue(address, out var lease) && lease.Mac != request.Mac)
            return new ReservationRefused($"{request.Address} is leased to {lease.Mac}; release that lease first");
        if (_quarantine.ContainsKey(address))
            return new ReservationRefused($"{request.Address} is quarantined after a DECLINE");

        var reservation = new ReservationAdded(request.Address, request.Mac, request.Name);
        var changed = !(_operatorReservations.TryGetValue(request.Mac, out var current) && current == reservation);
        if (changed)
            Emit(reservation);
        return new ReservationAccepted(request.Mac, request.Address, request.Name, changed);
    }

    /// <summary>
    /// Only reservations made with <c>lease reserve</c> are removed here; the client keeps a lease it holds on the
    /// address until it ends, and the address then returns to the dynamic pool.
    /// </summary>
    private ILeasePoolReply UnreserveByOperator(MacAddress mac)
    {
        if (_operatorReservations.TryGetValue(mac, out var current))
        {
            Emit(new ReservationRemoved(current.Address, mac));
            return new Unreserved(mac, current.Address);
        }

        if (_reservationByMac.TryGetValue(mac, out var configured))
            return new ReservationRefused($"{mac} is reserved in the configuration ({configured.Key}); remove it there");
        return new Unreserved(mac, null);
    }

    /// <summary>
    /// Reaps at most <see cref="MaxExpiriesPerSweep"/> leases, lowest addresses first, so one sweep after a
    /// long outage does not become one huge journal write that holds up every ACK behind it.
    /// </summary>
    private Swept Sweep(DateTimeOffset now)
    {
        var expired = _leases.Where(kv => kv.Value.Expires <= now).OrderBy(kv => kv.Key).Select(kv => kv.Value).ToList();
        foreach (var lease in expired.Take(MaxExpiriesPerSweep))
            Emit(new LeaseExpired(lease.Address, lease.Mac));
        foreach (var vif in _buckets.Where(kv => kv.Value.IsFull(now, _settings.RequestsPerSecond, _settings.RequestBurst)).Select(kv => kv.Key).ToList())
            _buckets.Remove(vif);
        return new Swept(Math.Min(expired.Count, MaxExpiriesPerSweep), expired.Count > MaxExpiriesPerSweep);
    }

    private ILeasePoolReply CommitIfAllowed(LeaseClient client, ClientKey key, uint address, DateTimeOffset now)
    {
        if (OverVifLimit(client, key))
            return Drop(NoAnswerReason.VifLeaseLimit);
        var reservation = ReservationFor(client);
        if (!IsAvailable(address, key, reservation))
            return new LeaseNak($"{Ipv4Subnet.ToAddress(address)} is not available to this client");

        // A guest with a usable reservation is moved onto it: the NAK sends it back to DISCOVER.
        if (reservation is not null && !reservation.Address.Equals(Ipv4Subnet.ToAddress(address))
            && IsAvailable(Ipv4Subnet.ToUInt32(reservation.Address), key, reservation))
            return new LeaseNak($"this client has the reserved address {reservation.Address}");

        var (name, source) = LeaseNaming.Resolve(reservation, client);
        var boundSince = _leases.TryGetValue(address, out var current) && ClientKey.Of(current) == key ? current.BoundSince : now;
        var expires = now + _settings.LeaseTime;
        Emit(new LeaseCommitted(Ipv4Subnet.ToAddress(address), client.Mac, client.ClientId, client.Vif, name, source, boundSince, expires));
        return new LeaseAck(Grant(address, name, expires));
    }

    /// <summary>
    /// What a DISCOVER is offered: the client's reservation, else its current lease, its outstanding offer or
    /// its last ended lease while free (L5), else the requested address (option 50) if free and in range, else
    /// the lowest free address. The reservation comes before the previous address on purpose: adding a
    /// reservation then moves the guest at its next DISCOVER, and <see cref="CommitIfAllowed"/> NAKs a
    /// renewal of the old address to bring that DISCOVER about.
    /// </summary>
    private uint? ChooseAddress(ClientKey key, DhcpReservation? reservation, IPAddress? requested)
    {
        if (reservation is not null && IsAvailable(Ipv4Subnet.ToUInt32(reservation.Address), key, reservation))
            return Ipv4Subnet.ToUInt32(reservation.Address);
        foreach (var own in new[] { _leaseByClient, _offerByClient, _endedByClient })
        {
            if (own.TryGetValue(key, out var address) && IsAvailable(address, key, reservation))
                return address;
        }

        if (requested is not null && Ipv4Subnet.ToUInt32(requested) is var wanted && IsAvailable(wanted, key, reservation))
            return wanted;
        var lowest = _taken.LowestFree();
        return lowest < 0 ? null : _settings.RangeFirst + (uint)lowest;
    }

    /// <summary>Whether the client may have <paramref name="address"/> now: its reservation or a dynamic address nobody else holds.</summary>
    private bool IsAvailable(uint address, ClientKey key, DhcpReservation? reservation)
    {
        if (!IsHostAddress(address) || address == _bridge || _quarantine.ContainsKey(address))
            return false;
        if (_reservationByAddress.TryGetValue(address, out var reserved))
        {
            if (reserved != reservation)
                return false;
        }
        else if (address < _settings.RangeFirst || address > _settings.RangeLast)
        {
            return false;
        }

        return (!_leases.TryGetValue(address, out var lease) || ClientKey.Of(lease) == key)
            && (!_offers.TryGetValue(address, out var offer) || offer.Client == key);
    }

    /// <summary>Whether someone else has a claim on <paramref name="address"/>, as opposed to the pool knowing nothing about it.</summary>
    private bool IsTakenByAnother(uint address, ClientKey key, DhcpReservation? reservation) =>
        !IsHostAddress(address) || address == _bridge || _quarantine.ContainsKey(address)
        || (_reservationByAddress.TryGetValue(address, out var reserved) && reserved != reservation)
        || (_leases.TryGetValue(address, out var lease) && ClientKey.Of(lease) != key)
        || (_offers.TryGetValue(address, out var offer) && offer.Client != key);

    private bool OverVifLimit(LeaseClient client, ClientKey key) =>
        client.Vif is { } vif
        && !_leaseByClient.ContainsKey(key)
        && !_offerByClient.ContainsKey(key)
        && _heldByVif.GetValueOrDefault(vif) >= _settings.LeasesPerVif;

    private DhcpReservation? ReservationFor(LeaseClient client) =>
        _reservationByMac.GetValueOrDefault(client.Mac)
        ?? (client.XenDomainName is { } domain ? _reservationByDomain.GetValueOrDefault(domain) : null);

    private bool TakeToken(LeaseClient client, DateTimeOffset now)
    {
        if (client.Vif is not { } vif)
            return true;
        if (!_buckets.TryGetValue(vif, out var bucket))
            _buckets[vif] = bucket = new TokenBucket(_settings.RequestBurst, now);
        return bucket.TryTake(now, _settings.RequestsPerSecond, _settings.RequestBurst);
    }

    private NoAnswer Drop(NoAnswerReason reason)
    {
        _dropped[reason] = _dropped.GetValueOrDefault(reason) + 1;
        return new NoAnswer(reason);
    }

    private LeaseGrant Grant(uint address, string? name, DateTimeOffset expires) =>
        new(Ipv4Subnet.ToAddress(address), _settings.LeaseTime, _settings.RenewalTime, _settings.RebindingTime, name, expires);

    private static List<LeaseRecord> Records(IEnumerable<LeaseCommitted> leases) =>
        [.. leases
            .OrderBy(l => Ipv4Subnet.ToUInt32(l.Address))
            .Select(l => new LeaseRecord(l.Address, l.Mac, l.ClientId, l.Vif, l.Name, l.NameSource, l.BoundSince, l.Expires))];

    /// <summary>
    /// Applies a decided event and records the name changes it causes: the named leases at the addresses it
    /// touches before and after, compared.
    /// </summary>
    private void Emit(ILeaseEvent e)
    {
        var address = Ipv4Subnet.ToUInt32(e.Address);
        uint? moved = e is LeaseCommitted c && _leaseByClient.TryGetValue(ClientKey.Of(c), out var previous) && previous != address ? previous : null;
        var before = NamedLeasesAt(address, moved);
        Recover(e);
        var after = NamedLeasesAt(address, moved);
        foreach (var gone in before.Where(b => !after.Any(a => SameName(a, b))))
            _nameChanges.Add(new LeaseNameUnbound(gone.Name!, gone.Address, gone.Mac, gone.Vif));
        foreach (var added in after.Where(a => !before.Any(b => SameName(a, b))))
            _nameChanges.Add(new LeaseNameBound(added.Name!, added.Address, added.Mac, added.Vif, added.NameSource, added.BoundSince, added.Expires));
        _events.Add(e);
    }

    private List<LeaseCommitted> NamedLeasesAt(uint address, uint? other)
    {
        var named = new List<LeaseCommitted>(2);
        if (_leases.TryGetValue(address, out var here) && here.Name is not null)
            named.Add(here);
        if (other is { } o && _leases.TryGetValue(o, out var there) && there.Name is not null)
            named.Add(there);
        return named;
    }

    private static bool SameName(LeaseCommitted a, LeaseCommitted b) =>
        a.Name == b.Name && a.Address.Equals(b.Address) && a.Mac == b.Mac;

    /// <summary>A commit replaces the address's lease and any other lease of the same client.</summary>
    private void Bind(LeaseCommitted lease)
    {
        var address = Ipv4Subnet.ToUInt32(lease.Address);
        var key = ClientKey.Of(lease);
        if (_leaseByClient.TryGetValue(key, out var previous) && previous != address)
            RemoveLease(previous);
        if (_leases.ContainsKey(address))
            RemoveLease(address);
        RemoveOffer(address);
        if (_offerByClient.TryGetValue(key, out var offered))
            RemoveOffer(offered);
        RemoveQuarantine(address);
        ForgetEnded(address);
        if (_endedByClient.TryGetValue(key, out var ended))
            ForgetEnded(ended);

        _leases[address] = lease;
        _leaseByClient[key] = address;
        Count(_heldByVif, lease.Vif, +1);
        Refresh(address);
    }

    /// <summary>
    /// Adds an operator reservation in place of that MAC's earlier one. Replayed from a journal whose events
    /// predate a config change, a reservation the config now gives to another client is left out: the
    /// config wins.
    /// </summary>
    private void AddOperatorReservation(ReservationAdded added)
    {
        var address = Ipv4Subnet.ToUInt32(added.Address);
        if (_reservationByAddress.TryGetValue(address, out var holder) && holder.Mac != added.Mac)
            return;
        if (_reservationByMac.TryGetValue(added.Mac, out var configured) && configured.Key != OperatorReservationKey)
            return;
        RemoveOperatorReservation(added.Mac);
        var reservation = new DhcpReservation(OperatorReservationKey, added.Mac, null, added.Address, added.Name);
        _operatorReservations[added.Mac] = added;
        _reservationByAddress[address] = reservation;
        _reservationByMac[added.Mac] = reservation;
        ResizeFor(address, -1);
        Refresh(address);
    }

    private void RemoveOperatorReservation(MacAddress mac)
    {
        if (!_operatorReservations.Remove(mac, out var previous))
            return;
        var old = Ipv4Subnet.ToUInt32(previous.Address);
        _reservationByAddress.Remove(old);
        _reservationByMac.Remove(mac);
        ResizeFor(old, +1);
        Refresh(old);
    }

    /// <summary>A reserved address leaves the dynamic pool, a released one returns to it (when it lies in the range).</summary>
    private void ResizeFor(uint address, int delta)
    {
        if (address >= _settings.RangeFirst && address <= _settings.RangeLast && address != _bridge)
            _size += delta;
    }

    private void RemoveLease(uint address)
    {
        if (!_leases.Remove(address, out var lease))
            return;
        var key = ClientKey.Of(lease);
        if (_leaseByClient.TryGetValue(key, out var held) && held == address)
            _leaseByClient.Remove(key);
        Count(_heldByVif, lease.Vif, -1);
        Refresh(address);
    }

    /// <summary>Keeps the last lease of a now free address so its client gets it back while nobody else took it (L5).</summary>
    private void RememberEnded(LeaseCommitted lease)
    {
        var key = ClientKey.Of(lease);
        if (_endedByClient.TryGetValue(key, out var older))
            ForgetEnded(older);
        var address = Ipv4Subnet.ToUInt32(lease.Address);
        ForgetEnded(address);
        _ended[address] = lease;
        _endedByClient[key] = address;
    }

    private void ForgetEnded(uint address)
    {
        if (!_ended.Remove(address, out var lease))
            return;
        var key = ClientKey.Of(lease);
        if (_endedByClient.TryGetValue(key, out var ended) && ended == address)
            _endedByClient.Remove(key);
    }

    private void AddOffer(uint address, PendingOffer offer)
    {
        if (_offerByClient.TryGetValue(offer.Client, out var earlier))
            RemoveOffer(earlier);
        _offers[address] = offer;
        _offerByClient[offer.Client] = address;
        _offerExpiry.Enqueue(address, offer.Expires);
        Count(_heldByVif, offer.Vif, +1);
        Refresh(address);
    }

    private void RemoveOffer(uint address)
    {
        if (!_offers.Remove(address, out var offer))
            return;
        if (_offerByClient.TryGetValue(offer.Client, out var offered) && offered == address)
            _offerByClient.Remove(offer.Client);
        Count(_heldByVif, offer.Vif, -1);
        Refresh(address);
    }

    private void Quarantine(AddressDeclined declined)
    {
        var address = Ipv4Subnet.ToUInt32(declined.Address);
        RemoveLease(address);
        RemoveOffer(address);
        ForgetEnded(address);
        RemoveQuarantine(address);
        _quarantine[address] = declined;
        _quarantineExpiry.Enqueue(address, declined.QuarantinedUntil);
        Count(_quarantinedByVif, declined.Vif, +1);
        Refresh(address);
    }

    private void RemoveQuarantine(uint address)
    {
        if (!_quarantine.Remove(address, out var declined))
            return;
        Count(_quarantinedByVif, declined.Vif, -1);
        Refresh(address);
    }

    /// <summary>
    /// Offers and quarantines end by time alone, so they need no event: the queues hold every deadline ever
    /// set, and an entry whose deadline no longer matches the live one was superseded and is skipped.
    /// </summary>
    private void ExpireOffersAndQuarantines(DateTimeOffset now)
    {
        while (_offerExpiry.TryPeek(out var address, out var deadline) && deadline <= now)
        {
            _offerExpiry.Dequeue();
            if (_offers.TryGetValue(address, out var offer) && offer.Expires == deadline)
                RemoveOffer(address);
        }

        while (_quarantineExpiry.TryPeek(out var address, out var deadline) && deadline <= now)
        {
            _quarantineExpiry.Dequeue();
            if (_quarantine.TryGetValue(address, out var declined) && declined.QuarantinedUntil == deadline)
                RemoveQuarantine(address);
        }
    }

    /// <summary>Recomputes whether a dynamic-range address is free after anything about it changed.</summary>
    private void Refresh(uint address)
    {
        if (address < _settings.RangeFirst || address > _settings.RangeLast)
            return;
        _taken.Set(
            (int)(address - _settings.RangeFirst),
            address == _bridge || _reservationByAddress.ContainsKey(address) || _leases.ContainsKey(address)
                || _offers.ContainsKey(address) || _quarantine.ContainsKey(address));
    }

    /// <summary>A dictionary's keys and values enumerate in the same order, so the two arrays pair up.</summary>
    private static T[] InAddressOrder<T>(Dictionary<uint, T> byAddress)
    {
        var addresses = new uint[byAddress.Count];
        var values = new T[byAddress.Count];
        byAddress.Keys.CopyTo(addresses, 0);
        byAddress.Values.CopyTo(values, 0);
        Array.Sort(addresses, values);
        return values;
    }

    private static void Count(Dictionary<string, int> counts, string? vif, int delta)
    {
        if (vif is null)
            return;
        var count = counts.GetValueOrDefault(vif) + delta;
        if (count > 0)
            counts[vif] = count;
        else
            counts.Remove(vif);
    }

    private bool InSubnet(uint address) => (address & _subnet.Mask) == _subnet.Network;

    private bool IsHostAddress(uint address) =>
        InSubnet(address) && address != _subnet.Network && address != (_subnet.Network | ~_subnet.Mask);

    /// <summary>The <see cref="DhcpReservation.Key"/> of reservations made with <c>lease reserve</c>.</summary>
    public const string OperatorReservationKey = "lease reserve";

    private sealed record PendingOffer(ClientKey Client, string? Vif, DateTimeOffset Expires);
}
