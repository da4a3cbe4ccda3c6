using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using XenMesh.Node.Rip.Speaker;
using static XenMesh.Cluster.Hosts.HostRegistryMessages;
using static XenMesh.Messages.Routes.GatewayMessages;

namespace XenMesh.Node.Routes;

/// <summary>
/// Feeds one gateway's RIP speaker on this dom0: registers with the gateway's entity (through the shard
/// region) on start, on every membership change and every refresh interval, takes the tables it pushes, and
/// gives the speaker <see cref="MeshRouteTable.For"/> of the latest one with this node's own view of which
/// members are unreachable, leaving or down applied on top. So a crashed host's routes are withdrawn as soon
/// as this node's failure detector notices, whether or not the entity survived the crash. Its own route it
/// announces from the start, unless its subnet overlap was refused (<see cref="SubnetStanding"/>).
/// </summary>
public sealed class GatewayFeed : ReceiveActor, IWithTimers
{
    // Membership events come in bursts (a joining node sees every member); one registration covers the burst.
    private static readonly TimeSpan RegisterDebounce = TimeSpan.FromMilliseconds(100);

    private readonly GatewayFeedOptions _options;
    private readonly IActorRef _region;
    private readonly IActorRef _speaker;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly HashSet<UniqueAddress> _unreachable = [];
    private readonly HashSet<UniqueAddress> _departing = [];
    private IReadOnlyList<GatewayRoute>? _routes;
    private RouteTable? _sent;
    private bool _refused;

    public GatewayFeed(GatewayFeedOptions options, IActorRef region, IActorRef speaker)
    {
        _options = options;
        _region = region;
        _speaker = speaker;

        Receive<GatewayTable>(t =>
        {
            if (_routes is null)
                _log.Info("Gateway {Gateway}: first table from the gateway entity, {Count} routes", _options.Gateway, t.Routes.Count);
            _routes = t.Routes;
            // A removed member stays withdrawn only until the entity's table no longer has it.
            _departing.RemoveWhere(a => !t.Routes.Any(r => r.NodeUid == a.Uid && r.Node == a.Address.ToString()));
            Push();
        });
        Receive<ClusterEvent.CurrentClusterState>(s =>
        {
            _unreachable.UnionWith(s.Unreachable.Select(m => m.UniqueAddress));
            _departing.UnionWith(s.Members.Where(Departing).Select(m => m.UniqueAddress));
            Push();
        });
        Receive<ClusterEvent.UnreachableMember>(u =>
        {
            _unreachable.Add(u.Member.UniqueAddress);
            Push();
        });
        Receive<ClusterEvent.ReachableMember>(r =>
        {
            _unreachable.Remove(r.Member.UniqueAddress);
            Push();
        });
        Receive<ClusterEvent.MemberRemoved>(r =>
        {
            // Removal also ends the entity's route for that member (its host record is no longer live); keep it
            // withdrawn here until then, and register again in case the entity moved off the removed member.
            _departing.Add(r.Member.UniqueAddress);
            _unreachable.Remove(r.Member.UniqueAddress);
            Push();
            Timers.StartSingleTimer(nameof(RegisterTick), RegisterTick.Instance, RegisterDebounce);
        });
        Receive<ClusterEvent.IMemberEvent>(e =>
        {
            if (Departing(e.Member))
            {
                _departing.Add(e.Member.UniqueAddress);
                Push();
            }

            Timers.StartSingleTimer(nameof(RegisterTick), RegisterTick.Instance, RegisterDebounce);
        });
        Receive<RegisterTick>(_ => Register());
        Receive<SubnetStanding>(s =>
        {
            _refused = s.Refusal is not null;
            Push();
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(GatewayFeedOptions options, IActorRef region, IActorRef speaker) =>
        Akka.Actor.Props.Create(() => new GatewayFeed(options, region, speaker));

    protected override void PreStart()
    {
        Akka.Cluster.Cluster.Get(Context.System).Subscribe(
            Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot, typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent));
        Context.System.EventStream.Subscribe(Self, typeof(SubnetStanding));
        Timers.StartPeriodicTimer("refresh", RegisterTick.Instance, _options.RefreshInterval);
        Register();
    }

    protected override void PostStop()
    {
        Context.System.EventStream.Unsubscribe(Self);
        Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);
    }

    private static bool Departing(Member member) =>
        member.Status is MemberStatus.Leaving or MemberStatus.Exiting or MemberStatus.Down or MemberStatus.Removed;

    private void Register() => _region.Tell(new RegisterSpeaker(_options.Gateway, _options.HostId, Self));

    private void Push()
    {
        if (_routes is null)
            return;
        var dead = _unreachable.Concat(_departing).Select(a => (a.Address.ToString(), a.Uid)).ToHashSet();
        var table = MeshRouteTable.For(_routes, dead, _options.HostId, _refused ? null : _options.Own);
        if (table == _sent)
            return;
        _sent = table;
        _speaker.Tell(new RipSpeakerProtocol.SetRoutes(table));
    }

    private sealed class RegisterTick
    {
        public static readonly RegisterTick Instance = new();

        private RegisterTick()
        {
        }
    }
}
