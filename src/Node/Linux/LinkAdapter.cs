using System.Globalization;
using System.Text.Json;
using XenMesh.Messages.Values;

namespace XenMesh.Node.Linux;

/// <summary>
/// Links and bridges through iproute2 and ethtool. Every name is checked with
/// <see cref="InterfaceName"/> before anything runs; a refused name throws
/// <see cref="ArgumentException"/>. A program that fails throws <see cref="LinkCommandException"/>
/// carrying its command line and stderr. Stateless and safe to share between actors.
/// </summary>
public sealed class LinkAdapter(IProcessRunner runner)
{
    public const string Ip = "ip";
    public const string Bridge = "bridge";
    public const string Ethtool = "ethtool";

    /// <summary>The smallest and largest MTU a vif may be given (IPv4 minimum, 16-bit maximum).</summary>
    public const int MinMtu = 68;
    public const int MaxMtu = 65535;

    /// <summary>Every link in the namespace, with details (kind, parent device, master).</summary>
    public async Task<IReadOnlyList<LinkInfo>> ListLinksAsync(CancellationToken ct)
    {
        var result = await RunAsync(Ip, ["-j", "-d", "link", "show"], ct).ConfigureAwait(false);
        return Parse(result, IpOutputParser.ParseLinks);
    }

    /// <summary>
    /// One link, or null when no device has that name. Reads the full list rather than
    /// <c>ip link show dev X</c>, so "absent" is decided from data, not from the wording of an error.
    /// </summary>
    public async Task<LinkInfo?> GetLinkAsync(string name, CancellationToken ct)
    {
        RequireName(name);
        var links = await ListLinksAsync(ct).ConfigureAwait(false);
        return links.FirstOrDefault(l => l.Name == name);
    }

    /// <summary>The IPv4 addresses on <paramref name="name"/>; fails when the device does not exist.</summary>
    public async Task<IReadOnlyList<Ipv4Interface>> GetIpv4AddressesAsync(string name, CancellationToken ct)
    {
        RequireName(name);
        var result = await RunAsync(Ip, ["-j", "addr", "show", "dev", name], ct).ConfigureAwait(false);
        return Parse(result, IpOutputParser.ParseIpv4Addresses);
    }

    /// <summary>The ports of <paramref name="bridge"/> with their spanning-tree state.</summary>
    public async Task<IReadOnlyList<BridgePortInfo>> ListBridgePortsAsync(string bridge, CancellationToken ct)
    {
        RequireName(bridge);

        // bridge 6.1 accepts "link show master X" but ignores the filter, so filter here.
        var result = await RunAsync(Bridge, ["-j", "link"], ct).ConfigureAwait(false);
        return Parse(result, IpOutputParser.ParseBridgePorts).Where(p => p.Master == bridge).ToList();
    }

    /// <summary>
    /// The MAC addresses <paramref name="bridge"/> has learned and the port each was learned on
    /// (<c>bridge -j fdb show br X</c>): which port a frame from that address came in on.
    /// </summary>
    public async Task<IReadOnlyList<BridgeFdbEntry>> ListLearnedAddressesAsync(string bridge, CancellationToken ct)
    {
        RequireName(bridge);
        var result = await RunAsync(Bridge, ["-j", "fdb", "show", "br", bridge], ct).ConfigureAwait(false);
        return Parse(result, IpOutputParser.ParseLearnedAddresses).Where(e => e.Bridge == bridge).ToList();
    }

    /// <summary>The offload features of <paramref name="name"/> (<c>ethtool -k</c>).</summary>
    public async Task<EthtoolFeatures> GetFeaturesAsync(string name, CancellationToken ct)
    {
        RequireName(name);
        var result = await RunAsync(Ethtool, ["-k", name], ct).ConfigureAwait(false);
        return EthtoolFeatures.Parse(result.StandardOutput);
    }

    /// <summary><c>ip link add name X type bridge</c>; fails if a device of that name exists.</summary>
    public Task CreateBridgeAsync(string name, CancellationToken ct)
    {
        RequireName(name);
        return RunAsync(Ip, ["link", "add", "name", name, "type", "bridge"], ct);
    }

    /// <summary><c>ip addr add A/P dev X</c>.</summary>
    public Task AddAddressAsync(string name, Ipv4Interface address, CancellationToken ct)
    {
        RequireName(name);
        return RunAsync(Ip, ["addr", "add", address.ToString(), "dev", name], ct);
    }

    /// <summary><c>ip addr del A/P dev X</c>.</summary>
    public Task DeleteAddressAsync(string name, Ipv4Interface address, CancellationToken ct)
    {
        RequireName(name);
        return RunAsync(Ip, ["addr", "del", address.ToString(), "dev", name], ct);
    }

    /// <summary><c>ip link set dev X up</c>.</summary>
    public Task SetUpAsync(string name, CancellationToken ct)
    {
        RequireName(name);
        return RunAsync(Ip, ["link", "set", "dev", name, "up"], ct);
    }

    /// <summary><c>ip link del dev X</c>.</summary>
    public Task DeleteLinkAsync(string name, CancellationToken ct)
    {
        RequireName(name);
        return RunAsync(Ip, ["link", "del", "dev", name], ct);
    }

    /// <summary><c>ethtool -K X tx on|off</c>: transmit checksum offload.</summary>
    public Task SetTxChecksummingAsync(string name, bool enabled, CancellationToken ct)
    {
        RequireName(name);
        return RunAsync(Ethtool, ["-K", name, "tx", enabled ? "on" : "off"], ct);
    }

    /// <summary>
    /// Enslaves <paramref name="name"/> to <paramref name="bridge"/>, sets its MTU when given, and sets it
    /// up: <c>ip link set dev X master B</c>, <c>ip link set dev X mtu N</c>, <c>ip link set dev X up</c>.
    /// Repeating it on an attached port changes nothing.
    /// </summary>
    public async Task AttachToBridgeAsync(string name, string bridge, int? mtu, CancellationToken ct)
    {
        RequireName(name);
        RequireName(bridge);
        if (mtu is < MinMtu or > MaxMtu)
            throw new ArgumentOutOfRangeException(nameof(mtu), mtu, $"an MTU is between {MinMtu} and {MaxMtu}");

        await RunAsync(Ip, ["link", "set", "dev", name, "master", bridge], ct).ConfigureAwait(false);
        if (mtu is { } value)
            await RunAsync(Ip, ["link", "set", "dev", name, "mtu", value.ToString(CultureInfo.InvariantCulture)], ct).ConfigureAwait(false);
        await RunAsync(Ip, ["link", "set", "dev", name, "up"], ct).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>ip link set dev X nomaster</c>. A device that no longer exists is reported as
    /// <see cref="DetachResult.Absent"/>, not as an error: a vif is often gone before its offline event.
    /// </summary>
    public async Task<DetachResult> DetachFromBridgeAsync(string name, CancellationToken ct)
    {
        RequireName(name);
        var result = await runner.RunAsync(Ip, ["link", "set", "dev", name, "nomaster"], ct).ConfigureAwait(false);
        if (result.Succeeded)
            return DetachResult.Detached;
        if (await GetLinkAsync(name, ct).ConfigureAwait(false) is null)
            return DetachResult.Absent;
        throw new LinkCommandException(result);
    }

    private static void RequireName(string name)
    {
        if (InterfaceName.Explain(name) is { } error)
            throw new ArgumentException(error, nameof(name));
    }

    private async Task<ProcessResult> RunAsync(string program, IReadOnlyList<string> arguments, CancellationToken ct)
    {
        var result = await runner.RunAsync(program, arguments, ct).ConfigureAwait(false);
        return result.Succeeded ? result : throw new LinkCommandException(result);
    }

    private static T Parse<T>(ProcessResult result, Func<string, T> parse)
    {
        try
        {
            return parse(result.StandardOutput);
        }
        catch (JsonException e)
        {
            throw new LinkCommandException(result, $"unreadable output: {e.Message}", e);
        }
    }
}
