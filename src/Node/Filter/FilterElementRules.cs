using System.Net;
using System.Net.Sockets;
using XenMesh.Messages.Values;
using XenMesh.Node.Linux;

namespace XenMesh.Node.Filter;

/// <summary>
/// What may become a set element. The port name is written into the nft script as a quoted string, so
/// it must pass <see cref="InterfaceName"/> (no quote, backslash, whitespace or semicolon can reach nft);
/// the MAC must be set; the address IPv4 and not 0.0.0.0, which the ruleset
/// already lets through for DHCP alone.
/// </summary>
public static class FilterElementRules
{
    /// <summary>The reason <paramref name="port"/> is refused, or null.</summary>
    public static string? Explain(FilterPort port)
    {
        ArgumentNullException.ThrowIfNull(port);
        return ExplainVif(port.Vif) ?? ExplainMac(port.Mac);
    }

    /// <summary>The reason <paramref name="binding"/> is refused, or null.</summary>
    public static string? Explain(FilterBinding binding)
    {
        ArgumentNullException.ThrowIfNull(binding);
        if ((ExplainVif(binding.Vif) ?? ExplainMac(binding.Mac)) is { } problem)
            return problem;
        if (binding.Address.AddressFamily != AddressFamily.InterNetwork)
            return $"address {binding.Address} is not IPv4";
        return binding.Address.Equals(IPAddress.Any) || binding.Address.Equals(IPAddress.Broadcast)
            ? $"address {binding.Address} cannot be a guest's"
            : null;
    }

    private static string? ExplainVif(string? vif) =>
        InterfaceName.Explain(vif) is { } problem ? $"port name: {problem}" : null;

    /// <summary><see cref="MacAddress"/> parses only unicast addresses, but an unset one is all zero.</summary>
    private static string? ExplainMac(MacAddress mac) =>
        mac.ToBytes().All(b => b == 0) ? "MAC 00:00:00:00:00:00 is not a guest's" : null;
}
