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
/// <para>
/// A new name reaches every host's feed, so composing the whole zone for each made a name's way to the DNS answer
/// grow with the zone (tens of milliseconds per change at 10 000 names on a loaded machine, on every host at once).
/// The feed therefore recomposes only the labels that changed: those the replica's table says changed
/// (<see cref="NameTable.Changed"/>) and those of changed leases. A table that does not say (a membership change),
/// other reverse zones, or the first publication compose everything.
/// </para>
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
    private readonly string _suffix;

    // This host's named leases by label (any letter case), and what the last snapshot was composed of, by label.
    private readonly Dictionary<string, HashSet<(string Name, IPAddress Address)>> _leases = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _changed = new(StringComparer.OrdinalIgnoreCase);
    private Dictionary<string, List<ZoneRecord>> _composed = new(StringComparer.OrdinalIgnoreCase);
    private bool _composeAll = true;
    private bool _loaded;
    private bool _publishPending;
    private uint _serial;
    private ZoneSnapshot? _snapshot;

    public ZoneFeed(LocalZoneSettings settings, IActorRef pool, ZoneSnapshotHolder holder, ZoneView names, HostView hosts)
    {
        _settings = settings;
        _pool = pool;
        _holder = holder;
        _names = names;
        _hosts = hosts;
        _suffix = "." + settings.Domain;

        Receive<LeaseList>(list =>
        {
            if (_loaded)
                return;
            _loaded = true;
            Timers.Cancel(nameof(AskLeases));
            foreach (var lease in list.Leases)
            {
                if (lease.Name is { } name)
                    LeasesOf(name).Add((name, lease.Address));
            }

            Publish();
        });
        Receive<LeaseNameBound>(bound => Change(bound.Name, () => LeasesOf(bound.Name).Add((bound.Name, bound.Address))));
        Receive<LeaseNameUnbound>(unbound => Change(unbound.Name, () =>
        {
            if (_leases.TryGetValue(unbound.Name, out var leases) && leases.Remove((unbound.Name, unbound.Address)) && leases.Count == 0)
                _leases.Remove(unbound.Name);
        }));
        Receive<NameTable>(table =>
        {
            if (table.Changed is null)
                _composeAll = true;
            else
            {
                foreach (var fqdn in table.Changed)
                {
                    if (fqdn.EndsWith(_suffix, StringComparison.OrdinalIgnoreCase))
                        _changed.Add(fqdn[..^_suffix.Length]);
                }
            }

            PublishSoon();
        });
        Receive<HostSnapshot>(_ =>
        {
            // Most announcements only count a host's leases; only other subnets change the reverse zones.
            if (_snapshot is not null && !_snapshot.Content.ReverseSubnets.SequenceEqual(ZoneComposition.ReverseSubnets(_settings, _hosts.Current)))
                _composeAll = true;
            PublishSoon();
        });
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

    private HashSet<(string Name, IPAddress Address)> LeasesOf(string label)
    {
        if (!_leases.TryGetValue(label, out var leases))
            _leases[label] = leases = [];
        return leases;
    }

    private void Change(string label, Action apply)
    {
        if (!_loaded)
            return;
        apply();
        _changed.Add(label);
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
        if (_composeAll || _snapshot is null)
            PublishAll();
        else if (_changed.Count > 0)
            PublishChanged();
    }

    private void PublishAll()
    {
        _composeAll = false;
        _changed.Clear();
        var content = ZoneComposition.Compose(_settings, _leases.Values.SelectMany(l => l), _names.Current, _hosts.Current, _serial);
        var composed = new Dictionary<string, List<ZoneRecord>>(StringComparer.OrdinalIgnoreCase);
        foreach (var record in content.Records)
        {
            if (!composed.TryGetValue(record.Name, out var records))
                composed[record.Name] = records = [];
            records.Add(record);
        }

        // Announcements that change nothing served (a replica version, a member that left no names) keep the zone and its serial.
        if (_snapshot is { } last && last.Content.ReverseSubnets.SequenceEqual(content.ReverseSubnets) && SameRecords(composed, _composed))
            return;

        _composed = composed;
        // From the previous snapshot: only the changed names are encoded again, whatever the zone's size.
        _snapshot = ZoneSnapshot.Build(content with { Serial = NextSerial() }, _snapshot);
        Swap();
    }

    private void PublishChanged()
    {
        List<ZoneRecord> before = [];
        List<ZoneRecord> after = [];
        foreach (var label in _changed)
        {
            var was = _composed.GetValueOrDefault(label) ?? [];
            List<ZoneRecord> now = [.. ZoneComposition.RecordsOf(_settings, label, _leases.GetValueOrDefault(label) ?? [], _names.Current)];
            if (SameRecords(was, now))
                continue;
            before.AddRange(was);
            after.AddRange(now);
            if (now.Count == 0)
                _composed.Remove(label);
            else
                _composed[label] = now;
        }

        _changed.Clear();
        if (before.Count == 0 && after.Count == 0)
            return;
        _snapshot = _snapshot!.Apply(NextSerial(), before, after);
        Swap();
    }

    private static bool SameRecords(List<ZoneRecord> one, List<ZoneRecord> other) => one.Count == other.Count && one.All(other.Contains);

    private static bool SameRecords(Dictionary<string, List<ZoneRecord>> one, Dictionary<string, List<ZoneRecord>> other) =>
        one.Count == other.Count && one.All(kv => other.TryGetValue(kv.Key, out var records) && SameRecords(kv.Value, records));

    // Seconds since the epoch keep the serial moving forward across restarts; +1 when changes come faster.
    private uint NextSerial() => _serial = Math.Max(_serial + 1, (uint)DateTimeOffset.UtcNow.ToUnixTimeSeconds());

    private void Swap()
    {
        _holder.Publish(_snapshot!);
        _log.Debug("Zone {Domain} serial {Serial}: {Records} names", _settings.Domain, _serial, _snapshot!.RecordCount);
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
