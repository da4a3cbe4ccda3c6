using XenMesh.Messages.Values;
using XenMesh.Node.Configuration;

namespace XenMesh.Node.Routes;

/// <summary>
/// The route table a host knows without the mesh: its own guest subnet via its own <c>lan.address</c>.
/// Empty when no LAN address is configured, since the gateway would have no next hop. The route has the own
/// metric (<see cref="DesiredRoute.OwnMetric"/>), as in the mesh table.
/// </summary>
public static class LocalRouteTable
{
    public static RouteTable From(XenMeshSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!Ipv4Interface.TryParse(settings.Bridge.Address, out var bridge, out _)
            || !Ipv4Interface.TryParseAddress(settings.Lan.Address, out var lanAddress))
            return RouteTable.Empty;
        return new RouteTable([new DesiredRoute(bridge.Subnet, lanAddress, settings.Host.Id, Metric: DesiredRoute.OwnMetric)]);
    }
}
