using System.Net;
using XenMesh.Messages.Values;
using static XenMesh.Messages.Routes.GatewayMessages;

namespace XenMesh.Node.Routes;

/// <summary>
/// What one dom0's speaker announces of its gateway's table (pure). Every speaker announces every host's
/// subnet with the host's LAN address as RIPv2 next hop: the other hosts' subnets with metric 1
/// (<see cref="DesiredRoute.PeerMetric"/>), its own with metric 2 (<see cref="DesiredRoute.OwnMetric"/>).
/// <para>
/// Why: a router keeps RIP routes per neighbour that sent them, and a dead host cannot withdraw its own
/// announcement; only its 180 s timeout would remove it. BIRD (proto/rip/rip.c, <c>rip_update_rte</c>) keeps
/// only the routes of the best metric and drops worse ones, so while any peer announces a host's subnet with
/// metric 1, the host's own metric-2 announcement is not even stored. When a member becomes unreachable
/// (the failure detector, seconds, not its removal), every peer's speaker marks its routes withdrawn and
/// sends metric 16 at once: no neighbour is left with a route, and the gateway drops it. A host alone still
/// announces its own subnet, metric 2 being then the best. Each speaker applies its own member's
/// reachability view, so a withdrawal never waits for the gateway entity (which may have died with the host).
/// </para>
/// </summary>
public static class MeshRouteTable
{
    /// <param name="routes">The gateway entity's table.</param>
    /// <param name="dead">Members (address, incarnation) this node sees unreachable, leaving or down.</param>
    /// <param name="selfHostId">This speaker's host id.</param>
    /// <param name="own">
    /// This host's own route (metric 2) while the entity's table does not have it yet (its host record is still
    /// on the way), so a starting host does not withdraw its own subnet; null when it must not be announced
    /// (no LAN address, or its subnet overlap was refused).
    /// </param>
    public static RouteTable For(IEnumerable<GatewayRoute> routes, IReadOnlySet<(string Node, int Uid)> dead, string selfHostId, DesiredRoute? own = null)
    {
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(dead);
        var desired = new Dictionary<Ipv4Subnet, DesiredRoute>();
        foreach (var route in routes)
        {
            if (!Ipv4Subnet.TryParse(route.Subnet, out var subnet, out _) || !IPAddress.TryParse(route.NextHop, out var nextHop))
                continue;
            var isOwn = route.HostId == selfHostId;
            // Never withdraw the own subnet for being "dead": this node is alive, whatever a stale record says.
            var withdrawn = !isOwn && dead.Contains((route.Node, route.NodeUid));
            desired.TryAdd(subnet, new DesiredRoute(subnet, nextHop, route.HostId, withdrawn, isOwn ? DesiredRoute.OwnMetric : DesiredRoute.PeerMetric));
        }

        if (own is not null && !desired.Values.Any(r => r.Host == selfHostId))
            desired.TryAdd(own.Subnet, own with { Withdrawn = false, Metric = DesiredRoute.OwnMetric });
        return new RouteTable(desired.Values);
    }
}
