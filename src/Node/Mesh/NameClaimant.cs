using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using XenMesh.Messages.Leases;
using XenMesh.Messages.Names;
using static XenMesh.Cluster.Hosts.HostRegistryMessages;
using static XenMesh.Messages.Names.NameRegistryMessages;
using static XenMesh.Node.Dhcp.Leases.LeaseNameChanges;
using static XenMesh.Node.Dhcp.Leases.LeasePoolProtocol;

namespace XenMesh.Node.Mesh;

/// <summary>
/// This host's claims in the name registry: the dom0's own name and the name of every lease, taken from the
/// lease pool at start and from <see cref="ILeaseNameChange"/> on the EventStream after. Claims are soft
/// state, so it re-sends all of them on start and on every membership or reachability change, and each of them
/// once per refresh interval, spread over the interval (<see cref="RefreshSlices"/>). While the host's subnet
/// overlaps one registered earlier (<see cref="SubnetStanding"/>) it withdraws its guests' claims and keeps only its
/// own name.
/// </summary>
public sealed class NameClaimant : ReceiveActor, IWithTimers
{
    /// <summary>
    /// The periodic refresh re-sends a claim once per interval, a slice of them at a time. All at once, a host with
    /// 3 000 leases sent 3 000 claims in one burst every 30 s, most of them to entities on other dom0s, and names
    /// claimed by any host in the next second waited behind them (<c>bench/mesh</c>: 0.5–1 s, when a round's
    /// names took 10–20 ms otherwise).
    /// </summary>
    public const int RefreshSlices = 30;

    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(30);

    // Membership events come in bursts (a joining node sees every member); one re-assertion covers the burst.
    private static readonly TimeSpan AssertDebounce = TimeSpan.FromMilliseconds(100);

    private readonly NameClaimantOptions _options;
    private readonly IActorRef _registry;
    private readonly IActorRef? _leasePool;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<(string Fqdn, string Guest), NameClaim> _claims = [];
    private readonly string _node;
    private readonly int _uid;
    private bool _refused;
    private int _nextSlice;

    public NameClaimant(NameClaimantOptions options, IActorRef registry, IActorRef? leasePool)
    {
        _options = options;
        _registry = registry;
        _leasePool = leasePool;
        var self = Akka.Cluster.Cluster.Get(Context.System).SelfUniqueAddress;
        _node = self.Address.ToString();
        _uid = self.Uid;

        Receive<LeaseNameBound>(b => Bind(b.Name, b.Mac.ToString(), b.Address, b.BoundSince, b.Source));
        Receive<LeaseNameUnbound>(u => Unbind(_options.Fqdn(u.Name), u.Mac.ToString()));
        Receive<LeaseList>(list =>
        {
            foreach (var lease in list.Leases)
            {
                if (lease.Name is { } name && !_claims.ContainsKey((_options.Fqdn(name), lease.Mac.ToString())))
                    Bind(name, lease.Mac.ToString(), lease.Address, lease.BoundSince, lease.NameSource);
            }
        });
        Receive<Status.Failure>(f => _log.Warning(f.Cause, "Could not list the leases to claim their names; lease changes and refreshes still claim"));
        Receive<SubnetStanding>(s =>
        {
            _refused = s.Refusal is not null;
            if (_refused)
            {
                foreach (var ((fqdn, guest), _) in _claims.Where(kv => kv.Key.Guest != NameClaim.Dom0Guest))
                    _registry.Tell(new WithdrawName(fqdn, _options.HostId, guest));
            }
            else
            {
                AssertAll();
            }
        });
        Receive<ClusterEvent.IMemberEvent>(_ => Timers.StartSingleTimer(nameof(AssertTick), AssertTick.Instance, AssertDebounce));
        Receive<ClusterEvent.IReachabilityEvent>(_ => Timers.StartSingleTimer(nameof(AssertTick), AssertTick.Instance, AssertDebounce));
        Receive<AssertTick>(_ => AssertAll());
        Receive<RefreshTick>(_ =>
        {
            AssertSlice(_nextSlice);
            _nextSlice = (_nextSlice + 1) % RefreshSlices;
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(NameClaimantOptions options, IActorRef registry, IActorRef? leasePool) =>
        Akka.Actor.Props.Create(() => new NameClaimant(options, registry, leasePool));

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(ILeaseNameChange));
        Context.System.EventStream.Subscribe(Self, typeof(SubnetStanding));
        Akka.Cluster.Cluster.Get(Context.System).Subscribe(
            Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent));
        Timers.StartPeriodicTimer("refresh", RefreshTick.Instance, _options.RefreshInterval / RefreshSlices);
        _leasePool?.Ask<LeaseList>(ListLeases.Instance, AskTimeout).PipeTo(Self);

        var own = _options.Fqdn(_options.HostId);
        _claims[(own, NameClaim.Dom0Guest)] = new NameClaim(_options.HostId, NameClaim.Dom0Guest, _options.BridgeAddress, NameClaim.Dom0Since, NameClaim.Dom0Guest, _node, _uid);
        AssertAll();
    }

    protected override void PostStop()
    {
        Context.System.EventStream.Unsubscribe(Self);
        Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);
    }

    private void Bind(string name, string mac, System.Net.IPAddress address, DateTimeOffset since, LeaseNameSource source)
    {
        var fqdn = _options.Fqdn(name);
        var claim = new NameClaim(_options.HostId, mac, address, since, source.ToString(), _node, _uid);
        _claims[(fqdn, mac)] = claim;
        if (!_refused)
            _registry.Tell(new ClaimName(fqdn, claim, Self));
    }

    private void Unbind(string fqdn, string mac)
    {
        if (_claims.Remove((fqdn, mac)))
            _registry.Tell(new WithdrawName(fqdn, _options.HostId, mac));
    }

    /// <summary>Which of the <see cref="RefreshSlices"/> slices re-sends the claim of (<paramref name="fqdn"/>, <paramref name="guest"/>).</summary>
    internal static int RefreshSlice(string fqdn, string guest) =>
        (int)((uint)HashCode.Combine(StringComparer.Ordinal.GetHashCode(fqdn), StringComparer.Ordinal.GetHashCode(guest)) % RefreshSlices);

    private void AssertAll() => Reassert(_ => true);

    private void AssertSlice(int slice) => Reassert(key => RefreshSlice(key.Fqdn, key.Guest) == slice);

    private void Reassert(Func<(string Fqdn, string Guest), bool> which)
    {
        foreach (var (key, claim) in _claims)
        {
            if ((!_refused || key.Guest == NameClaim.Dom0Guest) && which(key))
                _registry.Tell(new ClaimName(key.Fqdn, claim, Self));
        }
    }

    private sealed class RefreshTick
    {
        public static readonly RefreshTick Instance = new();

        private RefreshTick()
        {
        }
    }

    private sealed class AssertTick
    {
        public static readonly AssertTick Instance = new();

        private AssertTick()
        {
        }
    }
}
