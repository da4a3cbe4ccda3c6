using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Event;
using XenMesh.Messages.Values;
using XenMesh.Node.Rip.Codec;
using XenMesh.Node.Routes;
using static XenMesh.Node.Rip.Speaker.RipSpeakerProtocol;

namespace XenMesh.Node.Rip.Speaker;

/// <summary>
/// The RIPv2 speaker (RFC 2453) on the LAN interface. It announces the table it is given and nothing it
/// hears: a regular update of every route each interval (moved by a random ±1/6), a triggered update of
/// new or changed routes at once and then at most one per 1-5 s (§3.10.1), withdrawals (metric 16) at once
/// and again in every update for the garbage-collection time, answers to requests (§3.9.1), and on a
/// graceful stop the withdrawal of every route it announced. Every packet leaves from port 520.
/// </summary>
public sealed class RipSpeakerActor : ReceiveActor, IWithTimers
{
    private const string RegularTimer = "regular";
    private const string HoldDownTimer = "hold-down";
    private const string OpenTimer = "open";
    private static readonly TimeSpan OpenRetry = TimeSpan.FromSeconds(2);

    private readonly RipSpeakerOptions _options;
    private readonly RipSpeakerCounters _counters;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<Ipv4Subnet, Announcement> _announced = [];
    private readonly HashSet<Ipv4Subnet> _changed = [];
    private Socket? _socket;
    private bool _holdingDown;
    private bool _hasTable;
    private bool _regularRunning;
    private bool _waitingLogged;
    private uint _sequence;

    public RipSpeakerActor(RipSpeakerOptions options, RipSpeakerCounters counters)
    {
        _options = options;
        _counters = counters;

        Receive<SetRoutes>(m => Apply(m.Table));
        Receive<GetStatus>(_ => Sender.Tell(Status()));
        Receive<Open>(_ => TryOpen());
        Receive<RegularUpdate>(_ => SendRegular());
        Receive<HoldDownEnded>(_ => EndHoldDown());
        Receive<Received>(Handle);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(RipSpeakerOptions options, RipSpeakerCounters counters) =>
        Akka.Actor.Props.Create(() => new RipSpeakerActor(options, counters));

    protected override void PreStart() => TryOpen();

    protected override void PostStop()
    {
        // Every route, not only this host's own: a router keeps routes per neighbour (BIRD does), and what this
        // speaker announced for the other hosts would otherwise stay until the router's timeout.
        var live = _announced.Values.Where(a => !a.Withdrawn).Select(a => RipPackets.Entry(a.Route, withdrawn: true)).ToList();
        if (_socket is not null && live.Count > 0)
        {
            Send(live, _options.Destination, "shutdown");
            _log.Info("RIP: withdrew the {Count} routes it announced on {Device} before stopping", live.Count, _options.Device);
        }

        _socket?.Dispose();
    }

    private void TryOpen()
    {
        try
        {
            _socket = RipSocket.Open(_options);
        }
        catch (SocketException e)
        {
            if (!_waitingLogged)
                _log.Warning("RIP speaker waiting for {Device}: {Problem}", _options.Device, e.Message);
            _waitingLogged = true;
            Timers.StartSingleTimer(OpenTimer, Open.Instance, OpenRetry);
            return;
        }

        _log.Info(
            "RIP speaker on {Device} port {Port}, updates to {Destination} every {Interval}{Authentication}",
            _options.Device, _options.Port, _options.Destination, _options.Interval, _options.Key is null ? string.Empty : $", keyed MD5 key id {_options.Key.KeyId}");
        var socket = _socket;
        var self = Self;
        _ = Task.Run(() => ReceiveLoopAsync(socket, self));
        if (_hasTable)
            SendRegular();
    }

    private void Apply(RouteTable table)
    {
        var now = DateTimeOffset.UtcNow;
        var withdrawals = new List<RipRouteEntry>();
        var wanted = table.Routes.ToDictionary(r => r.Subnet);
        foreach (var (subnet, old) in _announced.ToList())
        {
            if (old.Withdrawn)
                continue;
            if (!wanted.TryGetValue(subnet, out var route) || route.Withdrawn)
            {
                var gone = route ?? old.Route;
                _announced[subnet] = new Announcement(gone with { Withdrawn = true }, now + RipSpeakerOptions.GarbageCollection, now);
                withdrawals.Add(RipPackets.Entry(gone, withdrawn: true));
                _changed.Remove(subnet);
                _log.Info("RIP: withdrawing {Subnet} via {NextHop} (host {Host})", subnet, gone.NextHop, gone.Host);
            }
        }

        foreach (var route in table.Live)
        {
            if (_announced.TryGetValue(route.Subnet, out var old) && !old.Withdrawn && old.Route == route)
                continue;
            _announced[route.Subnet] = new Announcement(route, null, old?.LastSent);
            _changed.Add(route.Subnet);
            _log.Info("RIP: announcing {Subnet} via {NextHop} (host {Host})", route.Subnet, route.NextHop, route.Host);
        }

        // The first table goes out as a regular update, which also starts the regular schedule.
        _hasTable = true;
        if (!_regularRunning)
        {
            SendRegular();
            return;
        }

        if (withdrawals.Count > 0)
            Send(withdrawals, _options.Destination, "withdrawal");
        if (_changed.Count > 0 && !_holdingDown)
            SendTriggered();
    }

    private void SendTriggered()
    {
        if (_socket is null)
            return;
        var entries = _changed.OrderBy(s => s.Network).ThenBy(s => s.PrefixLength).Select(s => _announced[s]).Select(a => RipPackets.Entry(a.Route, a.Withdrawn)).ToList();
        _changed.Clear();
        MarkSent(entries);
        Send(entries, _options.Destination, "triggered");
        _holdingDown = true;
        Timers.StartSingleTimer(HoldDownTimer, HoldDownEnded.Instance, TimeSpan.FromSeconds(1 + (Random.Shared.NextDouble() * 4)));
    }

    private void EndHoldDown()
    {
        _holdingDown = false;
        if (_changed.Count > 0)
            SendTriggered();
    }

    private void SendRegular()
    {
        if (_socket is null)
            return;
        var now = DateTimeOffset.UtcNow;
        foreach (var subnet in _announced.Where(a => a.Value.CollectAfter < now).Select(a => a.Key).ToList())
        {
            _announced.Remove(subnet);
            _log.Debug("RIP: {Subnet} no longer announced as withdrawn", subnet);
        }

        var entries = Entries();
        _changed.Clear();
        MarkSent(entries);
        if (entries.Count > 0)
            Send(entries, _options.Destination, "regular");
        _regularRunning = true;
        var jitter = (Random.Shared.NextDouble() * 2 - 1) / 6;
        Timers.StartSingleTimer(RegularTimer, RegularUpdate.Instance, _options.Interval * (1 + jitter));
    }

    private void Handle(Received received)
    {
        _counters.Received();
        RipMessage message;
        try
        {
            message = RipDecoder.Decode(received.Packet);
        }
        catch (RipFormatException e)
        {
            _counters.Dropped($"Malformed{e.Reason}");
            _log.Debug("RIP: dropped a malformed packet from {From}: {Problem}", received.From, e.Message);
            return;
        }

        if (_options.Key is { } key && (message.Authentication is not RipKeyedMd5Authentication md5 || md5.KeyId != key.KeyId || !RipKeyedMd5.Verify(received.Packet, key.Secret.Span)))
        {
            _counters.Dropped("AuthenticationFailed");
            _log.Warning("RIP: dropped a packet from {From} that is not signed with key id {KeyId}", received.From, key.KeyId);
            return;
        }

        if (message.Command == RipCommand.Response)
        {
            // The speaker only speaks: routes heard from the gateway or other speakers are never installed.
            _counters.Dropped("ResponseIgnored");
            return;
        }

        if (!message.WholeTableRequest && message.Entries.IsEmpty)
        {
            _counters.Dropped("EmptyRequest");
            return;
        }

        var answer = RipPackets.Answer(message, _announced.ToDictionary(a => a.Key, a => RipPackets.Entry(a.Value.Route, a.Value.Withdrawn)));
        _log.Debug("RIP: answering a {Kind} request from {From} with {Count} entries", message.WholeTableRequest ? "whole-table" : "specific", received.From, answer.Count);
        Send(answer, received.From, "answer");
    }

    private List<RipRouteEntry> Entries() =>
        [.. _announced.Values.OrderBy(a => a.Route.Subnet.Network).ThenBy(a => a.Route.Subnet.PrefixLength).Select(a => RipPackets.Entry(a.Route, a.Withdrawn))];

    private void MarkSent(IEnumerable<RipRouteEntry> entries)
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var entry in entries)
            _announced[entry.Destination] = _announced[entry.Destination] with { LastSent = now };
    }

    private void Send(IReadOnlyList<RipRouteEntry> entries, IPEndPoint destination, string kind)
    {
        foreach (var chunk in RipPackets.Chunk(entries, _options.Key is not null))
        {
            var packet = Encode(chunk);
            try
            {
                _socket!.SendTo(packet, destination);
                _counters.Sent(kind);
            }
            catch (SocketException e)
            {
                _counters.SendFailed();
                _log.Warning("RIP: {Kind} update to {Destination} could not be sent: {Problem}", kind, destination, e.Message);
            }
        }
    }

    private byte[] Encode(ImmutableArray<RipRouteEntry> entries)
    {
        if (_options.Key is not { } key)
            return RipEncoder.Encode(new RipMessage(RipCommand.Response, entries));

        // Non-decreasing across restarts too (RFC 4822 §2.5): never below the clock in seconds.
        _sequence = Math.Max(_sequence + 1, (uint)DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var packet = RipEncoder.Encode(new RipMessage(RipCommand.Response, entries, new RipKeyedMd5Authentication(key.KeyId, _sequence, 0)));
        RipKeyedMd5.Sign(packet, key.Secret.Span);
        return packet;
    }

    private SpeakerStatus Status() => new(
        _options.Device,
        _options.Destination,
        _socket is not null,
        _options.Key is not null,
        [.. _announced.Values.OrderBy(a => a.Route.Subnet.Network).Select(a => new AnnouncedRoute(a.Route, a.Withdrawn ? RipLayout.Infinity : a.Route.Metric, a.LastSent))],
        _counters.Snapshot());

    /// <summary>Runs until the actor disposes the socket in <see cref="PostStop"/>.</summary>
    private static async Task ReceiveLoopAsync(Socket socket, IActorRef self)
    {
        var buffer = new byte[RipLayout.MaxPacketLength + 1];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (true)
        {
            try
            {
                var received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, any).ConfigureAwait(false);
                self.Tell(new Received(buffer.AsSpan(0, received.ReceivedBytes).ToArray(), (IPEndPoint)received.RemoteEndPoint));
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.OperationAborted or SocketError.Interrupted)
            {
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100)).ConfigureAwait(false);
            }
        }
    }

    /// <summary>A route as announced: withdrawn ones carry the time they stop being announced.</summary>
    private sealed record Announcement(DesiredRoute Route, DateTimeOffset? CollectAfter, DateTimeOffset? LastSent)
    {
        public bool Withdrawn => CollectAfter is not null;
    }

    private sealed record Received(byte[] Packet, IPEndPoint From);

    private sealed class Open
    {
        public static readonly Open Instance = new();
    }

    private sealed class RegularUpdate
    {
        public static readonly RegularUpdate Instance = new();
    }

    private sealed class HoldDownEnded
    {
        public static readonly HoldDownEnded Instance = new();
    }
}
