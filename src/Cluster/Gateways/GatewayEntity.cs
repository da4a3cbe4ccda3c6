using Akka.Actor;
using Akka.Event;
using XenMesh.Cluster.Hosts;
using static XenMesh.Messages.Routes.GatewayMessages;

namespace XenMesh.Cluster.Gateways;

/// <summary>
/// The single place that decides one gateway's desired table (<see cref="GatewayRoutes"/>) and drives the
/// speakers' feeds with it: a new feed gets the table at once, every feed gets it again on each change.
/// Soft state: it starts from this node's host registry view, feeds re-register on start, on membership
/// changes and on an interval, so an incarnation on another node rebuilds itself without any store. It
/// watches the feeds and forgets one that stops or whose member is removed.
/// </summary>
public sealed class GatewayEntity : ReceiveActor
{
    private readonly string _gateway;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<IActorRef, string> _feeds = [];
    private IReadOnlyList<GatewayRoute> _routes;

    public GatewayEntity(string gateway, HostView hosts)
    {
        _gateway = gateway;
        _routes = GatewayRoutes.From(hosts.Current);

        Receive<RegisterSpeaker>(r =>
        {
            if (_feeds.TryAdd(r.Feed, r.HostId))
            {
                Context.Watch(r.Feed);
                _log.Info("Gateway {Gateway}: speaker of host {HostId} registered ({Count} speakers)", _gateway, r.HostId, _feeds.Count);
            }

            // Also to a known feed: a table lost on the way (a partition) is repaired by the next registration.
            r.Feed.Tell(Table());
        });
        Receive<HostSnapshot>(s =>
        {
            var routes = GatewayRoutes.From(s);
            if (routes.SequenceEqual(_routes))
                return;
            _routes = routes;
            _log.Info("Gateway {Gateway}: table now {Routes}", _gateway, string.Join(", ", routes.Select(r => $"{r.Subnet} via {r.NextHop} ({r.HostId})")));
            var table = Table();
            foreach (var feed in _feeds.Keys)
                feed.Tell(table);
        });
        Receive<Terminated>(t =>
        {
            if (_feeds.Remove(t.ActorRef, out var hostId))
                _log.Info("Gateway {Gateway}: speaker of host {HostId} gone", _gateway, hostId);
        });
    }

    public static Props Props(string gateway, HostView hosts) =>
        Akka.Actor.Props.Create(() => new GatewayEntity(gateway, hosts));

    protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(HostSnapshot));

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    private GatewayTable Table() => new(_gateway, _routes);
}
