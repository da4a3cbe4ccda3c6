using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using XenMesh.Messages.Values;

namespace XenMesh.Node.Linux;

/// <summary>Reads the JSON that <c>ip -j</c> and <c>bridge -j</c> print into the adapter's records.</summary>
public static class IpOutputParser
{
    /// <summary><c>ip -j -d link show</c>.</summary>
    public static IReadOnlyList<LinkInfo> ParseLinks(string json) =>
        Deserialize(json, IpJsonContext.Default.ListIpLinkJson)
            .Select(l => new LinkInfo(
                l.IfName,
                l.IfIndex,
                l.LinkInfo?.InfoKind,
                l.Master,
                l.Flags?.Contains("UP") ?? false,
                l.OperState ?? "UNKNOWN",
                l.Address?.ToLowerInvariant(),
                l.Mtu,
                l.ParentBus,
                l.ParentDev,
                l.Link))
            .ToList();

    /// <summary>The IPv4 addresses of <c>ip -j addr show dev X</c>; IPv6 ones are not the bridge's business here.</summary>
    public static IReadOnlyList<Ipv4Interface> ParseIpv4Addresses(string json)
    {
        var addresses = new List<Ipv4Interface>();
        foreach (var info in Deserialize(json, IpJsonContext.Default.ListIpAddrLinkJson).SelectMany(l => l.AddrInfo ?? []))
        {
            if (info.Family != "inet")
                continue;
            var text = string.Create(CultureInfo.InvariantCulture, $"{info.Local}/{info.PrefixLen}");
            if (!Ipv4Interface.TryParse(text, out var address, out var error))
                throw new JsonException($"'{text}' is not an IPv4 interface address: {error}");
            addresses.Add(address);
        }

        return addresses;
    }

    /// <summary><c>bridge -j link</c>: every port of every bridge in the namespace.</summary>
    public static IReadOnlyList<BridgePortInfo> ParseBridgePorts(string json) =>
        Deserialize(json, IpJsonContext.Default.ListBridgeLinkJson)
            .Where(p => p.Master is not null)
            .Select(p => new BridgePortInfo(p.IfName, p.IfIndex, p.Master!, p.State ?? "unknown"))
            .ToList();

    /// <summary>
    /// The addresses <c>bridge -j fdb show br X</c> lists as learned on a port of a bridge: entries the
    /// bridge itself holds (<c>master</c> set, no <c>self</c> flag) that are not the ports' own permanent
    /// addresses. Entries whose MAC does not parse are skipped: they cannot match a client.
    /// </summary>
    public static IReadOnlyList<BridgeFdbEntry> ParseLearnedAddresses(string json) =>
        Deserialize(json, IpJsonContext.Default.ListBridgeFdbJson)
            .Where(e => e.Master is not null && e.IfName is not null && e.State != "permanent" && !(e.Flags?.Contains("self") ?? false))
            .Select(e => MacAddress.TryParse(e.Mac, out var mac, out _) ? new BridgeFdbEntry(mac, e.IfName!, e.Master!) : null)
            .OfType<BridgeFdbEntry>()
            .ToList();

    // iproute2 prints nothing at all instead of [] for some empty listings.
    private static List<T> Deserialize<T>(string json, JsonTypeInfo<List<T>> type) =>
        string.IsNullOrWhiteSpace(json) ? [] : JsonSerializer.Deserialize(json, type) ?? [];
}
