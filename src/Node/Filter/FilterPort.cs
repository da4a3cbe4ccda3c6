using XenMesh.Messages.Values;

namespace XenMesh.Node.Filter;

/// <summary>
/// A guest port the filter lets through with its backend MAC as Ethernet source and DHCP <c>chaddr</c>:
/// one element of <c>port_mac</c> and one of <c>port_chaddr</c>, and one of <c>guest_ports</c> when a
/// custom vifname hides it from the <c>vif*</c> rule.
/// </summary>
/// <param name="Vif">The port's interface name as the kernel knows it.</param>
/// <param name="Mac">The vif's backend MAC.</param>
public sealed record FilterPort(string Vif, MacAddress Mac)
{
    /// <summary>Ports whose name the <c>iifname "vif*"</c> rule already catches need no <c>guest_ports</c> element.</summary>
    public bool NeedsGuestPortsElement => !Vif.StartsWith(NftRuleset.DefaultPortPrefix, StringComparison.Ordinal);
}
