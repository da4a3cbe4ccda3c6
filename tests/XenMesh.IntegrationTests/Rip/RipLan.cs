using System.Text.Json;
using XenMesh.IntegrationTests.TestHost;

namespace XenMesh.IntegrationTests.Rip;

/// <summary>
/// The original setup's network in namespaces: a LAN (<c>&lt;prefix&gt;-lan</c>, bridge <c>lan0</c>,
/// 192.168.11.0/24) joining a gateway (.254, forwarding, where BIRD runs), a dom0 (.100 on <c>eth0</c>,
/// forwarding, guest bridge <c>br0</c> for the agent) and a LAN client (.50, default route via the
/// gateway); a guest on the dom0's bridge with a static 192.168.0.1. Leftovers of the prefix go first;
/// disposing stops the agent and BIRD and removes every namespace and the folder.
/// </summary>
internal sealed class RipLan : IAsyncDisposable
{
    public const string GatewayAddress = "192.168.11.254";
    public const string Dom0Address = "192.168.11.100";
    public const string ClientAddress = "192.168.11.50";
    public const string GuestAddress = "192.168.0.1";
    public const string GuestSubnet = "192.168.0.0/24";

    private readonly List<NetworkNamespace> _namespaces = [];

    private RipLan(string prefix)
    {
        Prefix = prefix;
        Folder = Path.Combine(Path.GetTempPath(), prefix);
    }

    public string Prefix { get; }

    public string Folder { get; }

    public NetworkNamespace Gateway { get; private set; } = null!;

    public NetworkNamespace Dom0 { get; private set; } = null!;

    public NetworkNamespace Client { get; private set; } = null!;

    public AgentProcess? Agent { get; private set; }

    public Bird? Bird { get; private set; }

    public static async Task<RipLan> CreateAsync(CancellationToken ct)
    {
        var prefix = TestPrefix.New();
        await NetworkNamespace.RemoveLeftoversAsync(prefix, ct);
        var lan = new RipLan(prefix);
        try
        {
            if (Directory.Exists(lan.Folder))
                Directory.Delete(lan.Folder, recursive: true);
            Directory.CreateDirectory(lan.Folder);
            var segment = await lan.AddNamespaceAsync("lan", ct);
            await segment.IpAsync(ct, "link", "add", "name", "lan0", "type", "bridge");
            await segment.IpAsync(ct, "link", "set", "dev", "lan0", "up");
            lan.Gateway = await lan.AddLanHostAsync(segment, "gw", GatewayAddress, ct);
            lan.Dom0 = await lan.AddLanHostAsync(segment, "dom0", Dom0Address, ct);
            lan.Client = await lan.AddLanHostAsync(segment, "client", ClientAddress, ct);
            await Forward(lan.Gateway, ct);
            await Forward(lan.Dom0, ct);
            await lan.Client.IpAsync(ct, "route", "add", "default", "via", GatewayAddress);
            await lan.Dom0.IpAsync(ct, "link", "add", "name", "br0", "type", "bridge");
            await lan.Dom0.IpAsync(ct, "link", "set", "dev", "br0", "up");
            return lan;
        }
        catch
        {
            await lan.DisposeAsync();
            throw;
        }
    }

    public async Task<Bird> StartBirdAsync(string interfaceOptions, CancellationToken ct, string ripExport = "none", string extraConfig = "")
    {
        Bird = await Bird.StartAsync(Gateway, Folder, interfaceOptions, ct, ripExport, extraConfig);
        return Bird;
    }

    /// <summary>The agent on the dom0 with <c>lan</c> set to its uplink and the given <c>rip</c> section.</summary>
    public async Task<AgentProcess> StartAgentAsync(object rip, CancellationToken ct)
    {
        var options = new AgentOptions(Dom0, Path.Combine(Folder, "state"), "kubikal")
        {
            // The guest has a static address, not a lease: the bridge filter would rightly drop its traffic.
            BridgeFilter = false,
            Sections = new Dictionary<string, object>(StringComparer.Ordinal)
            {
                ["lan"] = new { @interface = "eth0", address = Dom0Address, gateway = GatewayAddress },
                ["rip"] = rip,
            },
        };
        Agent = await AgentProcess.StartAsync(options, ct);
        return Agent;
    }

    /// <summary>A guest namespace on <c>br0</c> through <c>vif5.0</c> (registered by <c>vif online</c>), 192.168.0.1/24, default route via the bridge.</summary>
    public async Task<NetworkNamespace> AddGuestAsync(CancellationToken ct)
    {
        var guest = await AddNamespaceAsync("guest", ct);
        await Dom0.IpAsync(ct, "link", "add", "name", "vif5.0", "type", "veth", "peer", "name", "eth0", "address", "aa:cc:00:00:00:05", "netns", guest.Name);
        Programs.EnsureSucceeded(await Agent!.CliAsync(ct, "vif", "online", "-v", "vif5.0", "-p", "backend/vif/5/0", "-m", "aa:cc:00:00:00:05"));
        await guest.IpAsync(ct, "addr", "add", $"{GuestAddress}/24", "dev", "eth0");
        await guest.IpAsync(ct, "link", "set", "dev", "eth0", "up");
        await guest.IpAsync(ct, "route", "add", "default", "via", "192.168.0.254");
        return guest;
    }

    /// <summary>The gateway kernel's route to <paramref name="subnet"/> as <c>ip -j route</c> gives it, or null.</summary>
    public async Task<JsonElement?> GatewayKernelRouteAsync(string subnet, CancellationToken ct)
    {
        var result = await Gateway.IpAsync(ct, "-j", "route", "show", subnet);
        using var routes = JsonDocument.Parse(result.StandardOutput);
        return routes.RootElement.GetArrayLength() == 0 ? null : routes.RootElement[0].Clone();
    }

    public async ValueTask DisposeAsync()
    {
        if (Agent is not null)
            await Agent.DisposeAsync();
        if (Bird is not null)
            await Bird.DisposeAsync();
        foreach (var created in Enumerable.Reverse(_namespaces))
            await created.DisposeAsync();
        if (Directory.Exists(Folder))
            Directory.Delete(Folder, recursive: true);
    }

    private static Task<XenMesh.Node.Linux.ProcessResult> Forward(NetworkNamespace host, CancellationToken ct) =>
        Programs.RunCheckedAsync("ip", ["netns", "exec", host.Name, "sysctl", "-qw", "net.ipv4.ip_forward=1"], ct);

    /// <summary>A namespace whose <c>eth0</c> is a port of the LAN bridge, holding <paramref name="address"/>/24.</summary>
    private async Task<NetworkNamespace> AddLanHostAsync(NetworkNamespace segment, string name, string address, CancellationToken ct)
    {
        var host = await AddNamespaceAsync(name, ct);
        await segment.IpAsync(ct, "link", "add", "name", $"p-{name}", "type", "veth", "peer", "name", "eth0", "netns", host.Name);
        await segment.IpAsync(ct, "link", "set", "dev", $"p-{name}", "master", "lan0", "up");
        await host.IpAsync(ct, "addr", "add", $"{address}/24", "dev", "eth0");
        await host.IpAsync(ct, "link", "set", "dev", "eth0", "up");
        return host;
    }

    private async Task<NetworkNamespace> AddNamespaceAsync(string name, CancellationToken ct)
    {
        var created = await NetworkNamespace.CreateAsync($"{Prefix}-{name}", ct);
        _namespaces.Add(created);
        return created;
    }
}
