namespace XenMesh.Node.Dhcp.Server;

/// <summary>The bridge port a client's packets come in on.</summary>
/// <param name="Vif">The port's interface name.</param>
/// <param name="DomainName">The guest's DNS label from the vif registry; null when the port is not registered or has none.</param>
internal sealed record GuestPort(string Vif, string? DomainName);
