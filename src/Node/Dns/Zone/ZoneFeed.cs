using System.Net;
using Akka.Actor;
using Akka.Event;
using XenMesh.Cluster.Hosts;
using XenMesh.Cluster.Names;
using static XenMesh.Node.Dhcp.Leases.LeaseNameChanges;
using static XenMesh.Node.Dhcp.Leases.LeasePoolProtocol;

namespace XenMesh.Node.Dns.Zone;

/// <summary>
/// Feeds the <see cref="ZoneSnapshotHolder"/> with <see cref="ZoneComposition"/> of the mesh replica's names
/// (<see cref="ZoneView"/>, reverse zones from <see cref="HostView"/>) and this host's own: every named lease of
/// the pool and the dom0's own name (<c>&lt;host-id&gt;.&lt;domain&gt;</c> → the bridge address). The replica
/// and the host registry announce a new snapshot on the EventStream; the feed then reads the views, which are
/// never older than the announcement. Nothing is published before the pool's lease list. It subscribes to the pool's
/// name changes first and then asks the pool for its leases with itself as sender: the pool publishes a change
/// before any later reply to this actor, so changes that arrive before the lease list are already in it and
/// are skipped, and those after it are applied. Changes already in the mailbox (leases, replica, hosts) are
/// applied together and published as one snapshot with a new serial.
/// </summary>
public sealed class ZoneFeed : ReceiveActor, IWithTimers
{
    private static readonly TimeSpan ListRetry = TimeSpan.FromSeconds(5);

    private readonly LocalZoneSettings _settings;
    private readonly IActorRef _pool;
    private readonly ZoneSnapshotHolder _holder;
    private readonly ZoneView _names;
    private readonly HostView _hosts;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly HashSet<(string Name, IPAddress Address)> _leases = [];
    private bool _loaded;
    private bool _publishPending;
    private uint _serial;
    private ZoneContent? _published;
    private ZoneSnapshot? _snapshot;

    public ZoneFeed(LocalZoneSettings settings, IActorRef pool, ZoneSnapshotHolder holder, ZoneView names, HostView hosts)
    {
        _settings = settings;
        _pool = pool;
        _holder = holder;
        _names = names;
        _hosts = hosts;

        Receive<LeaseList>(list =>
        {
            if (_loaded)
                return;
            _loaded = true;
            Timers.Cancel(nameof(AskLeases));
            foreach (var lease in list.Leases)
            {
                if (lease.Name is { } name)
                    _leases.Add((name, lease.Address));
            }

            Publish();
        });
        Receive<LeaseNameBound>(bound => Change(() => _leases.Add((bound.Name, bound.Address))));
        Receive<LeaseNameUnbound>(unbound => Change(() => _leases.Remove((unbound.Name, unbound.Address))));
        Receive<NameTable>(_ => PublishSoon());
        Receive<HostSnapshot>(_ => PublishSoon());
        Receive<AskLeases>(_ => _pool.Tell(ListLeases.Instance, Self));
        Receive<PublishPending>(_ =>
        {
            _publishPending = false;
            Publish();
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(LocalZoneSettings settings, IActorRef pool, ZoneSnapshotHolder holder, ZoneView names, HostView hosts) =>
        Akka.Actor.Props.Create(() => new ZoneFeed(settings, pool, holder, names, hosts));

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(ILeaseNameChange));
        Context.System.EventStream.Subscribe(Self, typeof(NameTable));
        Context.System.EventStream.Subscribe(Self, typeof(HostSnapshot));
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
        PublishSoon();
    }

    /// <summary>Once the lease list is in, publishes after the messages already in the mailbox.</summary>
    private void PublishSoon()
    {
        if (!_loaded || _publishPending)
            return;
        _publishPending = true;
        Self.Tell(PublishPending.Instance);
    }

    private void Publish()
    {
        var content = ZoneComposition.Compose(_settings, _leases, _names.Current, _hosts.Current, _serial);

        // Announcements that change nothing served (a host's lease count, a replica version) keep the zone and its serial.
        if (_published is { } last && last.Records.SequenceEqual(content.Records) && last.ReverseSubnets.SequenceEqual(content.ReverseSubnets))
            return;

        // Seconds since the epoch keep the serial moving forward across restarts; +1 when changes come faster.
        _serial = Math.Max(_serial + 1, (uint)DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        content = content with { Serial = _serial };
        _published = content;
        // From the previous snapshot: only the changed names are encoded again, whatever the zone's size.
        _snapshot = ZoneSnapshot.Build(content, _snapshot);
        _holder.Publish(_snapshot);
        _log.Debug("Zone {Domain} serial {Serial}: {Records} names", _settings.Domain, _serial, _snapshot.RecordCount);
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
