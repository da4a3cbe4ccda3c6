using XenMesh.Messages.Values;

namespace XenMesh.Node.Dhcp.Leases;

/// <summary>
/// Who is asking the pool, as the DHCP server knows it from the packet and the vif registry.
/// </summary>
/// <param name="Mac">The client hardware address (<c>chaddr</c>); on a guest port the bridge guarantees it is the vif's backend MAC.</param>
/// <param name="ClientId">Option 61 (type octet included) as lower-case hex (<c>Convert.ToHexStringLower</c>), or null.</param>
/// <param name="Vif">The guest port the packet came in on; null for a request relayed with <c>giaddr</c>.</param>
/// <param name="XenDomainName">The guest's DNS label from its Xen domain name (vif registry), or null.</param>
/// <param name="ClientFqdn">The name in option 81, decoded to dotted text, or null.</param>
/// <param name="HostName">Option 12, or null.</param>
public sealed record LeaseClient(
    MacAddress Mac,
    string? ClientId = null,
    string? Vif = null,
    string? XenDomainName = null,
    string? ClientFqdn = null,
    string? HostName = null);
