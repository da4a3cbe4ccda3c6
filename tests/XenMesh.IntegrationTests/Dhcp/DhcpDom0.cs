using System.Text.Json;
using XenMesh.IntegrationTests.Hotplug;
using XenMesh.IntegrationTests.TestHost;

namespace XenMesh.IntegrationTests.Dhcp;

/// <summary>
/// A dom0 for the DHCP tests: namespace <c>&lt;prefix&gt;-dom0</c> with the guest bridge and the real agent
/// serving DHCP on it, guests in namespaces of their own (<c>&lt;prefix&gt;-&lt;name&gt;</c>) on veth vifs the
/// agent registered through <c>vif online</c>, and a folder for the agent's state and the clients' files.
/// Disposing stops the agent and removes the namespaces and the folder; leftovers of the prefix go first.
/// </summary>
internal sealed class DhcpDom0 : IAsyncDisposable
{
    public const string Bridge = "br0";

    private static readonly TimeSpan ListeningTimeout = TimeSpan.FromSeconds(60);

    private readonly List<NetworkNamespace> _namespaces = [];
    private NetworkNamespace? _dom0;

    private DhcpDom0(string prefix, string bridgeAddress, object? dhcp, bool withXenstore)
    {
        Prefix = prefix;
        Folder = Path.Combine(Path.GetTempPath(), prefix);
        BridgeAddress = bridgeAddress;
        Dhcp = dhcp;
        Xenstore = withXenstore ? new FakeXenstore(Path.Combine(Folder, "xenstore")) : null;
    }

    /// <summary>The fake xenstore the agent reads, when created with <c>withXenstore</c>; else the agent has none.</summary>
    public FakeXenstore? Xenstore { get; }

    public string Prefix { get; }

    public string Folder { get; }

    public string BridgeAddress { get; }

    public NetworkNamespace Dom0 => _dom0 ?? throw new InvalidOperationException("not set up");

    public AgentProcess Agent => CurrentAgent ?? throw new InvalidOperationException("the agent is not running");

    private AgentProcess? CurrentAgent { get; set; }

    private object? Dhcp { get; }

    /// <param name="ct">Cancels the set-up.</param>
    /// <param name="dhcp">The agent's <c>dhcp</c> config section; null for the defaults.</param>
    /// <param name="bridgeAddress">The bridge address and prefix, the guest subnet.</param>
    /// <param name="withXenstore">Give the agent a <see cref="FakeXenstore"/> (with dom0's own node) through the stand-in tools.</param>
    public static async Task<DhcpDom0> CreateAsync(CancellationToken ct, object? dhcp = null, string bridgeAddress = "192.168.0.254/24", bool withXenstore = false)
    {
        var prefix = TestPrefix.New();
        await NetworkNamespace.RemoveLeftoversAsync(prefix, ct);
        var world = new DhcpDom0(prefix, bridgeAddress, dhcp, withXenstore);
        try
        {
            if (Directory.Exists(world.Folder))
                Directory.Delete(world.Folder, recursive: true);
            Directory.CreateDirectory(world.Folder);
            world.Xenstore?.Write("/local/domain/0/name", "Domain-0");
            world._dom0 = await NetworkNamespace.CreateAsync($"{prefix}-dom0", ct);
            await world.Dom0.IpAsync(ct, "link", "add", "name", Bridge, "type", "bridge");
            await world.Dom0.IpAsync(ct, "link", "set", "dev", Bridge, "up");
            return world;
        }
        catch
        {
            await world.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the agent on this dom0's state folder and waits until its DHCP socket is open.</summary>
    public async Task<AgentProcess> StartAgentAsync(CancellationToken ct)
    {
        var options = new AgentOptions(Dom0, Path.Combine(Folder, "state"), Prefix) { BridgeAddress = BridgeAddress, Dhcp = Dhcp };
        if (Xenstore is not null)
            options = options with { ToolsFolder = FakeXenstore.ToolsFolder, Environment = Xenstore.ToolsEnvironment };
        CurrentAgent = await AgentProcess.StartAsync(options, ct);
        await Eventually.HoldsAsync(
            () => Task.FromResult((CurrentAgent.Output.Contains("DHCP server listening", StringComparison.Ordinal), "agent output without it")),
            ListeningTimeout,
            "the DHCP server opening its socket",
            ct);
        return CurrentAgent;
    }

    /// <summary><c>kill -9</c> of the agent, as a crash; its output goes to the test log.</summary>
    public async Task KillAgentAsync()
    {
        if (CurrentAgent is null)
            return;
        await CurrentAgent.KillAsync();
        await CurrentAgent.DisposeAsync();
        CurrentAgent = null;
    }

    /// <summary>
    /// A guest namespace joined to the bridge by <c>vif&lt;domId&gt;.0</c> (or <paramref name="vifName"/>, as a
    /// <c>vifname=</c> rename would call it), registered with the agent by <c>vif online</c> (with <c>-d</c>
    /// when <paramref name="domainName"/> is given).
    /// </summary>
    public async Task<DhcpGuest> AddGuestAsync(string name, int domId, string mac, string? domainName, CancellationToken ct, string? vifName = null)
    {
        var guest = await CreateGuestAsync(name, vifName ?? $"vif{domId}.0", mac, ct);
        string[] online = ["vif", "online", "-v", guest.Vif, "-p", $"backend/vif/{domId}/0", "-m", mac];
        Programs.EnsureSucceeded(await Agent.CliAsync(ct, domainName is null ? online : [.. online, "-d", domainName]));
        return guest;
    }

    /// <summary>A guest whose vif this test attaches to <paramref name="bridge"/> itself; the agent is not told.</summary>
    public async Task<DhcpGuest> AddUnmanagedGuestAsync(string name, string vif, string mac, string bridge, CancellationToken ct)
    {
        var guest = await CreateGuestAsync(name, vif, mac, ct);
        await Dom0.IpAsync(ct, "link", "set", "dev", vif, "master", bridge, "up");
        return guest;
    }

    /// <summary>
    /// A host on the bridge with a static address (a relay, a load generator): namespace <c>&lt;prefix&gt;-&lt;name&gt;</c>
    /// whose <c>eth0</c> holds <paramref name="address"/> (CIDR), joined to the bridge by port <paramref name="port"/>.
    /// </summary>
    public async Task<NetworkNamespace> AddHostAsync(string name, string port, string address, CancellationToken ct)
    {
        var host = await AddNamespaceAsync(name, ct);
        await Dom0.IpAsync(ct, "link", "add", "name", port, "type", "veth", "peer", "name", "eth0", "netns", host.Name);
        await Dom0.IpAsync(ct, "link", "set", "dev", port, "master", Bridge, "up");
        await host.IpAsync(ct, "addr", "add", address, "dev", "eth0");
        await host.IpAsync(ct, "link", "set", "dev", "eth0", "up");
        return host;
    }

    /// <summary><c>lease list -j</c>, one element per lease.</summary>
    public async Task<IReadOnlyList<JsonElement>> LeasesAsync(CancellationToken ct)
    {
        var result = Programs.EnsureSucceeded(await Agent.CliAsync(ct, "lease", "list", "-j"));
        return [.. result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.Clone())];
    }

    /// <summary>The lease of <paramref name="mac"/> in <c>lease list -j</c>, or null.</summary>
    public async Task<JsonElement?> LeaseOfAsync(string mac, CancellationToken ct) =>
        (await LeasesAsync(ct)).Cast<JsonElement?>().FirstOrDefault(l => l!.Value.GetProperty("mac").GetString() == mac);

    /// <summary><c>dhcp stats -j</c>.</summary>
    public async Task<JsonElement> StatsAsync(CancellationToken ct)
    {
        var result = Programs.EnsureSucceeded(await Agent.CliAsync(ct, "dhcp", "stats", "-j"));
        return JsonDocument.Parse(result.StandardOutput).RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAgentAsync();
        foreach (var created in _namespaces)
            await created.DisposeAsync();
        if (_dom0 is not null)
            await _dom0.DisposeAsync();
        if (Directory.Exists(Folder))
            Directory.Delete(Folder, recursive: true);
    }

    private async Task<DhcpGuest> CreateGuestAsync(string name, string vif, string mac, CancellationToken ct)
    {
        var guestNamespace = await AddNamespaceAsync(name, ct);
        await Dom0.IpAsync(ct, "link", "add", "name", vif, "type", "veth", "peer", "name", DhcpGuest.Interface, "address", mac, "netns", guestNamespace.Name);
        await guestNamespace.IpAsync(ct, "link", "set", "dev", DhcpGuest.Interface, "up");
        var folder = Path.Combine(Folder, name);
        Directory.CreateDirectory(folder);
        return new DhcpGuest(name, guestNamespace, vif, mac, folder, ClientEvents.Create(folder));
    }

    private async Task<NetworkNamespace> AddNamespaceAsync(string name, CancellationToken ct)
    {
        var created = await NetworkNamespace.CreateAsync($"{Prefix}-{name}", ct);
        _namespaces.Add(created);
        return created;
    }
}
