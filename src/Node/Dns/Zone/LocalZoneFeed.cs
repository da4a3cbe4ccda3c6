using System.Net;
using Akka.Actor;
using Akka.Event;
using static XenMesh.Node.Dhcp.Leases.LeaseNameChanges;
using static XenMesh.Node.Dhcp.Leases.LeasePoolProtocol;

namespace XenMesh.Node.Dns.Zone;

/// <summary>
/// Feeds the <see cref="ZoneSnapshotHolder"/> from this host alone: every named lease of the pool and the
/// dom0's own name (<c>&lt;host-id&gt;.&lt;domain&gt;</c> → the bridge address). It subscribes to the pool's
/// name changes first and then asks the pool for its leases with itself as sender: the pool publishes a change
/// before any later reply to this actor, so changes that arrive before the lease list are already in it and
/// are skipped, and those after it are applied. Changes already in the mailbox are applied together and
/// published as one snapshot with a new serial.
/// </summary>
public sealed class LocalZoneFeed : ReceiveActor, IWithTimers
{
    private static readonly TimeSpan ListRetry = TimeSpan.FromSeconds(5);

    private readonly LocalZoneSettings _settings;
    private readonly IActorRef _pool;
    private readonly ZoneSnapshotHolder _holder;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly HashSet<(string Name, IPAddress Address)> _names = [];
    private bool _loaded;
    private bool _publishPending;
    private uint _serial;

    public LocalZoneFeed(LocalZoneSettings settings, IActorRef pool, ZoneSnapshotHolder holder)
    {
        _settings = settings;
        _pool = pool;
        _holder = holder;

        Receive<LeaseList>(list =>
        {
            if (_loaded)
                return;
            _loaded = true;
            Timers.Cancel(nameof(AskLeases));
            foreach (var lease in list.Leases)
            {
                if (lease.Name is { } name)
                    _names.Add((name, lease.Address));
            }

            Publish();
        });
        Receive<LeaseNameBound>(bound => Change(() => _names.Add((bound.Name, bound.Address))));
        Receive<LeaseNameUnbound>(unbound => Change(() => _names.Remove((unbound.Name, unbound.Address))));
        Receive<AskLeases>(_ => _pool.Tell(ListLeases.Instance, Self));
        Receive<PublishPending>(_ =>
        {
            _publishPending = false;
            Publish();
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(LocalZoneSettings settings, IActorRef pool, ZoneSnapshotHolder holder) =>
        Akka.Actor.Props.Create(() => new LocalZoneFeed(settings, pool, holder));

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(ILeaseNameChange));
        _pool.Tell(ListLeases.Instance, Self);

        // A pool that stops before answering (a journal failure) never replies; its successor will.
        Timers.StartPeriodicTimer(nameof(AskLeases), AskLeases.Instance, ListRetry);
    }

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    private void Change(Action apply)
    {
        if (!_loaded)
            return;
        apply();
        if (_publishPending)
            return;
        _publishPending = true;
        Self.Tell(PublishPending.Instance);
    }

    private void Publish()
    {
        // Seconds since the epoch keep the serial moving forward across restarts; +1 when changes come faster.
        _serial = Math.Max(_serial + 1, (uint)DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var records = _names.Select(n => new ZoneRecord(n.Name, n.Address, _settings.HostId))
            .Append(new ZoneRecord(_settings.HostId, _settings.Bridge.Address, _settings.HostId))
            .ToArray();
        var content = new ZoneContent(_settings.Domain, records, [_settings.Bridge.Subnet], _serial, _settings.HostId, _settings.Ttl);
        var snapshot = ZoneSnapshot.Build(content);
        _holder.Publish(snapshot);
        _log.Debug("Zone {Domain} serial {Serial}: {Records} names", _settings.Domain, _serial, snapshot.Records.Count);
    }

    private sealed class AskLeases
    {
        public static readonly AskLeases Instance = new();
    }

    private sealed class PublishPending
    {
        public static readonly PublishPending Instance = new();
    }
}
