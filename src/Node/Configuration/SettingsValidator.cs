using System.Net;
using XenMesh.Cluster.Hosts;
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
        var supernet = ValidateSupernet(s, Fail);
        var bridgeValid = false;
        Ipv4Interface bridge = default;
        if (!s.Bridge.AssignsAddress)
        {
            bridgeValid = Ipv4Interface.TryParse(s.Bridge.Address, out bridge, out var bridgeError);
            if (!bridgeValid)
                Fail("bridge.address", $"'{s.Bridge.Address}': {bridgeError}");
            else if (bridge.Subnet.PrefixLength > 30)
                Fail("bridge.address", $"'{s.Bridge.Address}': a guest subnet needs a prefix of /30 or shorter");
            else if (!IsHostAddress(bridge.Address, bridge.Subnet))
                Fail("bridge.address", $"'{s.Bridge.Address}' is the network or broadcast address of {bridge.Subnet}");
            else if (supernet is { } outer && !(outer.Contains(bridge.Address) && bridge.Subnet.PrefixLength >= outer.PrefixLength))
                Fail("bridge.address", $"'{s.Bridge.Address}': its subnet {bridge.Subnet} is not inside bridge.supernet {outer}");
        }

        if (s.Bridge.CheckInterval <= TimeSpan.Zero)
            Fail("bridge.checkInterval", "must be a positive time span such as 00:00:30");

        ValidateLan(s, bridgeValid ? bridge.Subnet : s.Bridge.AssignsAddress ? supernet : null, Fail);
        ValidateDhcp(s.Dhcp, bridgeValid ? bridge : null, Fail);
        ValidateDns(s.Dns, Fail);
        ValidateRecursion(s.Dns, Fail);
        ValidateRip(s, Fail);
        ClusterSettingsValidator.Validate(s, Fail);

        if (!Ipv4Interface.TryParseAddress(s.CommandHost.Host, out var commandHost))
            Fail("commandHost.host", $"'{s.CommandHost.Host}' is not an IPv4 address");
        else if (!IPAddress.IsLoopback(commandHost))
            Fail("commandHost.host", $"'{s.CommandHost.Host}' is not a loopback address; remote command access needs authentication, which this version does not have");
        if (s.CommandHost.Port is < 1 or > 65535)
            Fail("commandHost.port", $"{s.CommandHost.Port} is not a TCP port (1-65535)");

        switch (s.Persistence.Provider)
        {
            case "sqlite" when s.Persistence.SqliteSynchronous is not ("normal" or "full"):
                Fail("persistence.sqliteSynchronous", $"'{s.Persistence.SqliteSynchronous}' is not one of: normal, full");
                break;
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

    /// <summary>
    /// <c>bridge.supernet</c>: a network of /24 or shorter. Without <c>bridge.address</c> the /24 is not known yet,
    /// so nothing may be configured that only makes sense inside it (the DHCP range).
    /// </summary>
    private static Ipv4Subnet? ValidateSupernet(XenMeshSettings s, Action<string, string> fail)
    {
        if (s.Bridge.Supernet is not { } text)
            return null;
        if (s.Bridge.AssignsAddress)
        {
            foreach (var (key, value) in new[] { ("dhcp.rangeStart", s.Dhcp.RangeStart), ("dhcp.rangeEnd", s.Dhcp.RangeEnd) })
            {
                if (value is not null)
                    fail(key, "cannot be given when the bridge's /24 is assigned from bridge.supernet (no bridge.address): the /24 is not known before the assignment");
            }
        }

        if (!Ipv4Subnet.TryParse(text, out var supernet, out var error))
        {
            fail("bridge.supernet", $"'{text}': {error}");
            return null;
        }

        if (supernet.PrefixLength > SupernetAllocation.AssignedPrefix)
        {
            fail("bridge.supernet", $"'{text}': a supernet needs a prefix of /24 or shorter, each host gets a /24 of it");
            return null;
        }

        return supernet;
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
        var rangeValid = true;
        foreach (var (key, value) in new[] { ("dhcp.rangeStart", dhcp.RangeStart), ("dhcp.rangeEnd", dhcp.RangeEnd) })
        {
            if (value is null)
                continue;
            if (!Ipv4Interface.TryParseAddress(value, out var address))
            {
                fail(key, $"'{value}' is not an IPv4 address");
                rangeValid = false;
            }
            else if (bridge is { } b && !IsHostAddress(address, b.Subnet))
            {
                fail(key, $"'{value}' is outside the bridge subnet {b.Subnet} (or is its network or broadcast address)");
                rangeValid = false;
            }
        }

        if (rangeValid && bridge is { } valid)
        {
            var (first, last) = dhcp.EffectiveRange(valid.Subnet);
            if (first > last)
                fail("dhcp.rangeEnd", $"'{Ipv4Subnet.ToAddress(last)}' comes before dhcp.rangeStart '{Ipv4Subnet.ToAddress(first)}'");
            else if ((long)last - first + 1 > MaxRangeSize)
                fail("dhcp.rangeStart", $"the range holds {(long)last - first + 1} addresses; the pool keeps at most {MaxRangeSize} (a /8)");
            else if (first == last && first == Ipv4Subnet.ToUInt32(valid.Address))
                fail("dhcp.rangeStart", $"the range holds only the bridge address {valid.Address}, which is never handed out");
        }

        if (dhcp.LeaseTime < TimeSpan.FromMinutes(2) || dhcp.LeaseTime > TimeSpan.FromDays(365))
            fail("dhcp.leaseTime", $"{dhcp.LeaseTime} is outside 00:02:00 .. 365.00:00:00");
        CheckSpan("dhcp.offerTimeout", dhcp.OfferTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10), fail);
        CheckSpan("dhcp.quarantineTime", dhcp.QuarantineTime, TimeSpan.FromSeconds(1), TimeSpan.FromDays(30), fail);
        CheckSpan("dhcp.expirySweepInterval", dhcp.ExpirySweepInterval, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1), fail);
        CheckCount("dhcp.limits.leasesPerVif", dhcp.Limits.LeasesPerVif, 1, 64, fail);
        CheckCount("dhcp.limits.requestsPerSecond", dhcp.Limits.RequestsPerSecond, 1, 100_000, fail);
        CheckCount("dhcp.limits.requestBurst", dhcp.Limits.RequestBurst, 1, 1_000_000, fail);
        CheckCount("dhcp.limits.quarantinedPerVif", dhcp.Limits.QuarantinedPerVif, 0, 1024, fail);
    }

    /// <summary>
    /// Static reservations are checked apart from <see cref="Validate"/>: per protocol-rules L6 a bad one
    /// is skipped and reported with its key and reason, and the service still starts and serves everything
    /// else. The caller logs <c>Skipped</c> as warnings. Call it only on settings that passed
    /// <see cref="Validate"/>. Entries are taken in order; a later duplicate (address, MAC, domain name or
    /// name) is the one skipped.
    /// </summary>
    public static (IReadOnlyList<DhcpReservation> Accepted, IReadOnlyList<ConfigError> Skipped) ValidateReservations(XenMeshSettings s)
    {
        ArgumentNullException.ThrowIfNull(s);
        if (!Ipv4Interface.TryParse(s.Bridge.Address, out var bridge, out var bridgeError))
            throw new ArgumentException($"bridge.address is invalid ({bridgeError}); validate the settings first", nameof(s));

        var accepted = new List<DhcpReservation>();
        var skipped = new List<ConfigError>();
        var byAddress = new Dictionary<IPAddress, string>();
        var byMac = new Dictionary<MacAddress, string>();
        var byDomain = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var byName = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < s.Dhcp.Reservations.Count; i++)
        {
            var key = $"dhcp.reservations.{i}";
            var reason = ExplainReservation(s.Dhcp.Reservations[i], bridge, out var reservation, key);
            reason ??= Duplicate(byAddress, reservation!.Address, "address", reservation.Address.ToString())
                ?? (reservation.Mac is { } mac ? Duplicate(byMac, mac, "mac", mac.ToString()) : null)
                ?? (reservation.DomainName is { } domain ? Duplicate(byDomain, domain, "domainName", domain) : null)
                ?? (reservation.Name is { } name ? Duplicate(byName, name, "name", name) : null);
            if (reason is not null)
            {
                skipped.Add(new ConfigError(key, reason));
                continue;
            }

            byAddress[reservation!.Address] = key;
            if (reservation.Mac is { } m)
                byMac[m] = key;
            if (reservation.DomainName is { } d)
                byDomain[d] = key;
            if (reservation.Name is { } n)
                byName[n] = key;
            accepted.Add(reservation);
        }

        return (accepted, skipped);
    }

    /// <summary>The pool keeps one bit per address of its range; this bounds that to 2 MiB.</summary>
    public const long MaxRangeSize = 1L << 24;

    private static string? ExplainReservation(DhcpReservationSettings r, Ipv4Interface bridge, out DhcpReservation? reservation, string key)
    {
        reservation = null;
        MacAddress? mac = null;
        if (r.Mac is not null)
        {
            if (!MacAddress.TryParse(r.Mac, out var parsed, out var macError))
                return $"mac '{r.Mac}': {macError}";
            mac = parsed;
        }

        if (r.DomainName is not null && !DnsLabel.IsValid(r.DomainName))
            return $"domainName '{r.DomainName}' is not an RFC 1123 label, so no Xen domain carries it";
        if (mac is null && r.DomainName is null)
            return "needs a mac or a domainName to find its guest";
        if (!Ipv4Interface.TryParseAddress(r.Address, out var address))
            return r.Address is null ? "needs an address" : $"address '{r.Address}' is not an IPv4 address";
        if (!IsHostAddress(address, bridge.Subnet))
            return $"address {address} is outside the bridge subnet {bridge.Subnet} (or is its network or broadcast address)";
        if (address.Equals(bridge.Address))
            return $"address {address} is the bridge's own address";
        if (r.Name is not null && !DnsLabel.IsValid(r.Name))
            return $"name '{r.Name}' is not an RFC 1123 label (letters, digits, inner hyphens, at most 63)";

        reservation = new DhcpReservation(key, mac, r.DomainName?.ToLowerInvariant(), address, r.Name?.ToLowerInvariant());
        return null;
    }

    private static string? Duplicate<T>(Dictionary<T, string> seen, T value, string field, string shown)
        where T : notnull =>
        seen.TryGetValue(value, out var first) ? $"{field} {shown} is already reserved by {first}" : null;

    private static void CheckSpan(string key, TimeSpan value, TimeSpan min, TimeSpan max, Action<string, string> fail)
    {
        if (value < min || value > max)
            fail(key, $"{value} is outside {min} .. {max}");
    }

    private static void CheckCount(string key, int value, int min, int max, Action<string, string> fail)
    {
        if (value < min || value > max)
            fail(key, $"{value} is outside {min} .. {max}");
    }

    private static void ValidateDns(DnsSettings dns, Action<string, string> fail)
    {
        if (!DnsLabel.IsValidDomain(dns.Domain))
            fail("dns.domain", $"'{dns.Domain}' is not a domain name (dot-separated RFC 1123 labels, no trailing dot)");
        if (!Path.IsPathFullyQualified(dns.ResolvFile))
            fail("dns.resolvFile", $"'{dns.ResolvFile}' is not an absolute path");
        if (dns.Port is < 1 or > 65535)
            fail("dns.port", $"{dns.Port} is not a port (1-65535)");
        if (dns.UdpSockets is < 0 or > 64)
            fail("dns.udpSockets", $"{dns.UdpSockets} is not a socket count (0 = one per two cores, at most 64)");
        if (dns.Ttl < TimeSpan.Zero || dns.Ttl > TimeSpan.FromDays(1) || dns.Ttl.Ticks % TimeSpan.TicksPerSecond != 0)
            fail("dns.ttl", $"{dns.Ttl} is not a whole number of seconds between 0 and 1 day");
        for (var i = 0; i < dns.Listen.Count; i++)
        {
            if (!Ipv4Interface.TryParseAddress(dns.Listen[i], out var address))
                fail($"dns.listen.{i}", $"'{dns.Listen[i]}' is not an IPv4 address");
            else if (address.Equals(IPAddress.Any))
                fail($"dns.listen.{i}", "the wildcard address would expose the resolver on every interface, uplink included");
        }
    }

    private static void ValidateRip(XenMeshSettings s, Action<string, string> fail)
    {
        var rip = s.Rip;
        if (rip.Mode is not ("multicast" or "unicast"))
            fail("rip.mode", $"'{rip.Mode}' is not one of: multicast, unicast");
        CheckSpan("rip.interval", rip.Interval, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10), fail);
        if (rip.Enabled)
        {
            if (s.Lan.Interface is null)
                fail("lan.interface", "required when rip.enabled is true: the speaker sends on it and nowhere else");
            if (s.Lan.Address is null)
                fail("lan.address", "required when rip.enabled is true: it is the next hop the gateway learns");
            if (rip.Mode == "unicast" && s.Lan.Gateway is null && rip.Gateways.Count == 0)
                fail("lan.gateway", "required when rip.mode is 'unicast' and rip.gateways is empty: updates are sent to it");
        }

        for (var i = 0; i < rip.Gateways.Count; i++)
        {
            if (!Ipv4Interface.TryParseAddress(rip.Gateways[i], out var gateway))
                fail($"rip.gateways.{i}", $"'{rip.Gateways[i]}' is not an IPv4 address");
            else if (rip.Gateways.Take(i).Any(g => Ipv4Interface.TryParseAddress(g, out var earlier) && earlier.Equals(gateway)))
                fail($"rip.gateways.{i}", $"'{rip.Gateways[i]}' is listed twice");
        }

        if (rip.Mode == "multicast" && rip.Gateways.Count > 1)
            fail("rip.gateways", "multicast reaches every router on the LAN with one speaker: name at most one gateway, or set rip.mode to 'unicast'");

        if (rip.Authentication is not { } authentication)
            return;
        CheckCount("rip.authentication.keyId", authentication.KeyId, 0, 255, fail);
        if (authentication.KeyFile is not { } keyFile)
        {
            fail("rip.authentication.keyFile", "required in a rip.authentication section");
            return;
        }

        if (!Path.IsPathFullyQualified(keyFile))
        {
            fail("rip.authentication.keyFile", $"'{keyFile}' is not an absolute path");
            return;
        }

        try
        {
            var key = RipAuthenticationSettings.ReadKey(keyFile);
            if (key.Length is 0 or > 16)
                fail("rip.authentication.keyFile", $"'{keyFile}' holds {key.Length} octets; a keyed-MD5 key is 1-16 octets");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            fail("rip.authentication.keyFile", $"'{keyFile}' cannot be read: {e.Message}");
        }
    }

    private static void ValidateRecursion(DnsSettings dns, Action<string, string> fail)
    {
        for (var i = 0; i < dns.RecursionFrom.Count; i++)
        {
            if (!Ipv4Subnet.TryParse(dns.RecursionFrom[i], out var range, out var error))
                fail($"dns.recursionFrom.{i}", $"'{dns.RecursionFrom[i]}': {error}");
            else if (range.PrefixLength == 0)
                fail($"dns.recursionFrom.{i}", "0.0.0.0/0 would make the agent an open resolver");
        }

        if (dns.UpstreamPort is < 1 or > 65535)
            fail("dns.upstreamPort", $"{dns.UpstreamPort} is not a UDP port (1-65535)");
        CheckSpan("dns.upstreamTimeout", dns.UpstreamTimeout, TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(30), fail);
        CheckCount("dns.cacheEntries", dns.CacheEntries, 0, 1_000_000, fail);
    }

    private static bool IsHostAddress(IPAddress address, Ipv4Subnet subnet) =>
        subnet.Contains(address)
        && (subnet.PrefixLength >= 31
            || (!address.Equals(subnet.NetworkAddress) && !address.Equals(subnet.BroadcastAddress)));
}
