using System.Net;
using System.Net.Sockets;
using XenMesh.Cluster.Hosts;
using XenMesh.Messages.Routes;
using XenMesh.Messages.Values;

namespace XenMesh.Cluster.Gateways;

/// <summary>The desired routes of a gateway, computed from the host registry alone (pure).</summary>
public static class GatewayRoutes
{
    /// <summary>
    /// One route per live host of <paramref name="hosts"/>, ordered by host id: its subnet via its LAN address.
    /// Left out: hosts without a LAN address (the gateway would have no next hop), records that do not parse,
    /// and every host that refuses its subnet because it overlaps one registered earlier.
    /// </summary>
    public static IReadOnlyList<GatewayMessages.GatewayRoute> From(HostSnapshot hosts)
    {
        ArgumentNullException.ThrowIfNull(hosts);
        var refused = hosts.Overlaps.Select(o => o.Later.HostId).ToHashSet(StringComparer.Ordinal);
        return [.. hosts.Hosts
            .Where(h => !refused.Contains(h.HostId)
                && Ipv4Subnet.TryParse(h.Subnet, out _, out _)
                && IPAddress.TryParse(h.LanAddress, out var lan) && lan.AddressFamily == AddressFamily.InterNetwork)
            .OrderBy(h => h.HostId, StringComparer.Ordinal)
            .Select(h => new GatewayMessages.GatewayRoute(h.HostId, h.Subnet, h.LanAddress!, h.Node, h.NodeUid))];
    }
}
