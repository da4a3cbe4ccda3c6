namespace XenMesh.Node.Routes;

/// <summary>What a <see cref="GatewayFeed"/> registers as.</summary>
/// <param name="Gateway">The gateway (the entity id): an address of <c>rip.gateways</c>.</param>
/// <param name="HostId">This host.</param>
/// <param name="RefreshInterval">How often it registers again (the cluster's claim refresh interval).</param>
/// <param name="Own">This host's own route (<see cref="LocalRouteTable"/>), announced until the entity's table has it; null without a LAN address.</param>
public sealed record GatewayFeedOptions(string Gateway, string HostId, TimeSpan RefreshInterval, DesiredRoute? Own);
