namespace XenMesh.Node.Routes;

/// <summary>What a <see cref="GatewayFeed"/> registers as.</summary>
/// <param name="Gateway">The gateway (the entity id): an address of <c>rip.gateways</c>.</param>
/// <param name="HostId">This host.</param>
/// <param name="RefreshInterval">How often it registers again (the cluster's claim refresh interval).</param>
public sealed record GatewayFeedOptions(string Gateway, string HostId, TimeSpan RefreshInterval);
