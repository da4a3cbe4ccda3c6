using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster;
using Akka.DistributedData;
using Akka.Event;
using XenMesh.Messages.Hosts;
using static XenMesh.Cluster.Hosts.HostRegistryMessages;

namespace XenMesh.Cluster.Hosts;

/// <summary>
/// The subnet registry on one dom0: writes this host's <see cref="HostRecord"/> into a replicated map
/// (each host writes only its own entry), keeps its first registration time across restarts when any other
/// member still holds it, and checks every live host's subnet for overlaps with <see cref="SubnetRules"/>.
/// When this host's subnet overlaps one registered earlier it logs an error and publishes
/// <see cref="SubnetStanding"/> so the host withholds what it would announce for that subnet.
/// </summary>
public sealed class HostRegistryActor : ReceiveActor, IWithTimers, IWithUnboundedStash
{
    public static readonly LWWDictionaryKey<string, HostRecord> Key = new("xm-hosts");

    private static readonly TimeSpan ReplicationTimeout = TimeSpan.FromSeconds(3);

    private readonly HostRegistryOptions _options;
    private readonly HostView _view;
    private readonly IActorRef _replicator;
    private readonly UniqueAddress _self;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<UniqueAddress, MemberStatus> _members = [];
    private IImmutableDictionary<string, HostRecord> _entries = ImmutableDictionary<string, HostRecord>.Empty;
    private HostRecord? _own;
    private SubnetOverlap? _refusal;

    public HostRegistryActor(HostRegistryOptions options, HostView view)
    {
        _options = options;
        _view = view;
        _replicator = DistributedData.Get(Context.System).Replicator;
        _self = Akka.Cluster.Cluster.Get(Context.System).SelfUniqueAddress;
        Receive<GetSuccess>(g => Register(g.Get(Key).TryGetValue(options.HostId, out var earlier) ? earlier : null));
        Receive<NotFound>(_ => Register(null));
        Receive<GetFailure>(_ => Register(null));
        ReceiveAny(_ => Stash.Stash());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public IStash Stash { get; set; } = null!;

    public static Props Props(HostRegistryOptions options, HostView view) =>
        Akka.Actor.Props.Create(() => new HostRegistryActor(options, view));

    protected override void PreStart()
    {
        _replicator.Tell(Dsl.Get(Key, new ReadMajority(ReplicationTimeout)));
        Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot, typeof(ClusterEvent.IMemberEvent));
    }

    protected override void PostStop() => Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);

    private void Register(HostRecord? earlier)
    {
        var subnet = _options.Subnet.ToString();
        var registeredAt = earlier is { } e && e.Subnet == subnet ? e.RegisteredAt : _options.Time.GetUtcNow();
        _own = new HostRecord(_options.HostId, subnet, _options.LanAddress?.ToString(), registeredAt, 0, _self.Address.ToString(), _self.Uid);
        _log.Info("Host {HostId} registers subnet {Subnet} (first registered {RegisteredAt:u})", _options.HostId, subnet, registeredAt);
        Write();
        _replicator.Tell(Dsl.Subscribe(Key, Self));
        Timers.StartPeriodicTimer(nameof(RefreshTick), RefreshTick.Instance, _options.RefreshInterval);
        Become(Active);
        Stash.UnstashAll();
    }

    private void Active()
    {
        Receive<Changed>(c =>
        {
            _entries = c.Get(Key).Entries;
            Recompute();
        });
        Receive<ClusterEvent.CurrentClusterState>(s =>
        {
            _members.Clear();
            foreach (var m in s.Members)
                _members[m.UniqueAddress] = m.Status;
            Recompute();
        });
        Receive<ClusterEvent.MemberRemoved>(e =>
        {
            _members.Remove(e.Member.UniqueAddress);
            Recompute();
        });
        Receive<ClusterEvent.IMemberEvent>(e =>
        {
            _members[e.Member.UniqueAddress] = e.Member.Status;
            Recompute();
        });
        Receive<ReportLeases>(r =>
        {
            if (_own is { } own && own.Leases != r.Leases)
            {
                _own = own with { Leases = r.Leases };
                Write();
            }
        });
        Receive<RefreshTick>(_ => Write());
        Receive<UpdateSuccess>(_ => { });
        Receive<UpdateTimeout>(_ => _log.Debug("Host record of {HostId} not yet on a majority; gossip completes it", _options.HostId));
        Receive<ModifyFailure>(f => _log.Error(f.Cause, "Host record of {HostId} could not be replicated", _options.HostId));
    }

    private void Write()
    {
        var own = _own!;
        _replicator.Tell(Dsl.Update(Key, LWWDictionary<string, HostRecord>.Empty, new WriteMajority(ReplicationTimeout), map => map.SetItem(_self, own.HostId, own)));
    }

    private void Recompute()
    {
        var live = _members
            .Where(kv => kv.Value is MemberStatus.Joining or MemberStatus.WeaklyUp or MemberStatus.Up)
            .Select(kv => (kv.Key.Address.ToString(), kv.Key.Uid))
            .ToHashSet();
        var hosts = _entries.Values
            .Where(h => live.Contains((h.Node, h.NodeUid)))
            .OrderBy(h => h.HostId, StringComparer.Ordinal)
            .ToList();
        var overlaps = SubnetRules.FindOverlaps(hosts);
        var snapshot = new HostSnapshot(hosts, overlaps);
        _view.Swap(snapshot);
        Context.System.EventStream.Publish(snapshot);

        var refusal = SubnetRules.RefusalFor(_options.HostId, overlaps);
        // Lease counts change the records, not the standing: compare what the overlap says.
        if (refusal?.ToString() == _refusal?.ToString())
            return;
        _refusal = refusal;
        if (refusal is not null)
            _log.Error("Host {HostId} refuses to serve its subnet in the mesh: {Overlap}; fix host subnets so they are disjoint", _options.HostId, refusal);
        else
            _log.Info("Host {HostId} serves subnet {Subnet} in the mesh: no overlap", _options.HostId, _options.Subnet);
        Context.System.EventStream.Publish(new SubnetStanding(refusal));
    }

    private sealed class RefreshTick
    {
        public static readonly RefreshTick Instance = new();

        private RefreshTick()
        {
        }
    }
}
