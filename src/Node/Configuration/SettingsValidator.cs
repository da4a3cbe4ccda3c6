using System.Net;
using XenMesh.Messages.Values;
using XenMesh.Node.Linux;

namespace XenMesh.Node.Configuration;

/// <summary>
/// Every rule a configuration must meet before anything starts. Each error names the key as the file
/// spells it and says why, so an operator can fix it without reading code.
/// </summary>
public static class SettingsValidator
{
    public static IReadOnlyList<ConfigError> Validate(XenMeshSettings s)
    {
        var errors = new List<ConfigError>();
        void Fail(string key, string reason) => errors.Add(new ConfigError(key, reason));

        if (!DnsLabel.IsValid(s.Host.Id))
            Fail("host.id", $"'{s.Host.Id}' is not an RFC 1123 label (letters, digits, inner hyphens, at most 63)");
        if (!Path.IsPathFullyQualified(s.Host.StateDirectory))
            Fail("host.stateDirectory", $"'{s.Host.StateDirectory}' is not an absolute path");

        if (InterfaceName.Explain(s.Bridge.Name) is { } bridgeNameError)
            Fail("bridge.name", bridgeNameError);
        var bridgeValid = Ipv4Interface.TryParse(s.Bridge.Address, out var bridge, out var bridgeError);
        if (!bridgeValid)
            Fail("bridge.address", $"'{s.Bridge.Address}': {bridgeError}");
        else if (bridge.Subnet.PrefixLength > 30)
            Fail("bridge.address", $"'{s.Bridge.Address}': a guest subnet needs a prefix of /30 or shorter");
        else if (!IsHostAddress(bridge.Address, bridge.Subnet))
            Fail("bridge.address", $"'{s.Bridge.Address}' is the network or broadcast address of {bridge.Subnet}");
        if (s.Bridge.CheckInterval <= TimeSpan.Zero)
            Fail("bridge.checkInterval", "must be a positive time span such as 00:00:30");

        ValidateLan(s, bridgeValid ? bridge.Subnet : null, Fail);
        ValidateDhcp(s.Dhcp, bridgeValid ? bridge : null, Fail);
        ValidateDns(s.Dns, Fail);

        if (!Ipv4Interface.TryParseAddress(s.CommandHost.Host, out var commandHost))
            Fail("commandHost.host", $"'{s.CommandHost.Host}' is not an IPv4 address");
        else if (!IPAddress.IsLoopback(commandHost))
            Fail("commandHost.host", $"'{s.CommandHost.Host}' is not a loopback address; remote command access needs authentication, which this version does not have");
        if (s.CommandHost.Port is < 1 or > 65535)
            Fail("commandHost.port", $"{s.CommandHost.Port} is not a TCP port (1-65535)");

        switch (s.Persistence.Provider)
        {
            case "sqlite":
                break;
            case "postgresql" when string.IsNullOrWhiteSpace(s.Persistence.ConnectionString):
                Fail("persistence.connectionString", "required when persistence.provider is 'postgresql'");
                break;
            case "postgresql":
                break;
            default:
                Fail("persistence.provider", $"'{s.Persistence.Provider}' is not one of: sqlite, postgresql");
                break;
        }

        return errors;
    }

    private static void ValidateLan(XenMeshSettings s, Ipv4Subnet? guestSubnet, Action<string, string> fail)
    {
        if (s.Lan.Interface is { } lanInterface)
        {
            if (InterfaceName.Explain(lanInterface) is { } error)
                fail("lan.interface", error);
            else if (lanInterface == s.Bridge.Name)
                fail("lan.interface", $"'{lanInterface}' is the guest bridge; the uplink must be another interface");
        }

        foreach (var (key, value) in new[] { ("lan.address", s.Lan.Address), ("lan.gateway", s.Lan.Gateway) })
        {
            if (value is null)
                continue;
            if (!Ipv4Interface.TryParseAddress(value, out var address))
                fail(key, $"'{value}' is not an IPv4 address");
            else if (guestSubnet is { } subnet && subnet.Contains(address))
                fail(key, $"'{value}' is inside the guest subnet {subnet}; the LAN must be another network");
        }
    }

    private static void ValidateDhcp(DhcpSettings dhcp, Ipv4Interface? bridge, Action<string, string> fail)
    {
        IPAddress? start = null, end = null;
        foreach (var (key, value) in new[] { ("dhcp.rangeStart", dhcp.RangeStart), ("dhcp.rangeEnd", dhcp.RangeEnd) })
        {
            if (value is null)
                continue;
            if (!Ipv4Interface.TryParseAddress(value, out var address))
            {
                fail(key, $"'{value}' is not an IPv4 address");
                continue;
            }

            if (bridge is { } b && !IsHostAddress(address, b.Subnet))
            {
                fail(key, $"'{value}' is outside the bridge subnet {b.Subnet} (or is its network or broadcast address)");
                continue;
            }

            if (key == "dhcp.rangeStart")
                start = address;
            else
                end = address;
        }

        if (start is not null && end is not null && Ipv4Subnet.ToUInt32(start) > Ipv4Subnet.ToUInt32(end))
            fail("dhcp.rangeEnd", $"'{dhcp.RangeEnd}' comes before dhcp.rangeStart '{dhcp.RangeStart}'");
        if (dhcp.LeaseTime < TimeSpan.FromMinutes(2) || dhcp.LeaseTime > TimeSpan.FromDays(365))
            fail("dhcp.leaseTime", $"{dhcp.LeaseTime} is outside 00:02:00 .. 365.00:00:00");
    }

    private static void ValidateDns(DnsSettings dns, Action<string, string> fail)
    {
        if (!DnsLabel.IsValidDomain(dns.Domain))
            fail("dns.domain", $"'{dns.Domain}' is not a domain name (dot-separated RFC 1123 labels, no trailing dot)");
        if (!Path.IsPathFullyQualified(dns.ResolvFile))
            fail("dns.resolvFile", $"'{dns.ResolvFile}' is not an absolute path");
        for (var i = 0; i < dns.Listen.Count; i++)
        {
            if (!Ipv4Interface.TryParseAddress(dns.Listen[i], out var address))
                fail($"dns.listen.{i}", $"'{dns.Listen[i]}' is not an IPv4 address");
            else if (address.Equals(IPAddress.Any))
                fail($"dns.listen.{i}", "the wildcard address would expose the resolver on every interface, uplink included");
        }
    }

    private static bool IsHostAddress(IPAddress address, Ipv4Subnet subnet) =>
        subnet.Contains(address)
        && (subnet.PrefixLength >= 31
            || (!address.Equals(subnet.NetworkAddress) && !address.Equals(subnet.BroadcastAddress)));
}
