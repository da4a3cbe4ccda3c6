using System.Net;
using XenMesh.Messages.Values;

namespace XenMesh.Node.Routes;

/// <summary>
/// One route the LAN gateway should have: a host's guest subnet via that host's LAN address.
/// </summary>
/// <param name="Subnet">The host's guest subnet.</param>
/// <param name="NextHop">The host's LAN address.</param>
/// <param name="Host">The host id that serves the subnet.</param>
/// <param name="Withdrawn">
/// The host is gone: the route must be announced unreachable (RIP metric 16) rather than left to the
/// gateway's timeout. A route that simply disappears from a table is withdrawn the same way.
/// </param>
/// <param name="Metric">
/// The RIP metric while live: <see cref="PeerMetric"/> for another host's subnet, <see cref="OwnMetric"/> for the
/// speaker's own (see <see cref="MeshRouteTable"/> for why).
/// </param>
public sealed record DesiredRoute(Ipv4Subnet Subnet, IPAddress NextHop, string Host, bool Withdrawn = false, int Metric = DesiredRoute.PeerMetric)
{
    /// <summary>A subnet of another host: the gateway is one hop from the host that serves it.</summary>
    public const int PeerMetric = 1;

    /// <summary>The speaker's own subnet: worse than any peer's announcement of it, so the gateway prefers those.</summary>
    public const int OwnMetric = 2;
}
