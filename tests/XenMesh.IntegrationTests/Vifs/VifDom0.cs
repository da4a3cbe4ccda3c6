using System.Text.Json;
using XenMesh.IntegrationTests.Hotplug;
using XenMesh.IntegrationTests.TestHost;

namespace XenMesh.IntegrationTests.Vifs;

/// <summary>
/// A dom0 for the vif tests: namespace <c>&lt;prefix&gt;-dom0</c> with the guest bridge, a
/// <c>&lt;prefix&gt;-guest</c> namespace holding the guest ends of the vifs (veth pairs whose dom0 end
/// is named like a netback vif), a state folder for the agent, and a fake xenstore the agent can be
/// pointed at. Everything is removed on dispose, leftovers of the prefix first.
/// </summary>
internal sealed class VifDom0 : IAsyncDisposable
{
    public const string Bridge = "br0";

    private NetworkNamespace? _dom0;
    private NetworkNamespace? _guest;
    private int _guestEnds;

    private VifDom0(string prefix)
    {
        Prefix = prefix;
        Folder = Path.Combine(Path.GetTempPath(), prefix);
        Xenstore = new FakeXenstore(Path.Combine(Folder, "xenstore"));
    }

    public string Prefix { get; }

    public NetworkNamespace Dom0 => _dom0 ?? throw new InvalidOperationException("not set up");

    public AgentProcess? Agent { get; private set; }

    /// <summary>The xenstore the agent reads when started with <c>withXenstore</c>.</summary>
    public FakeXenstore Xenstore { get; }

    private string Folder { get; }

    private string StateDirectory => Path.Combine(Folder, "state");

    public static async Task<VifDom0> CreateAsync(CancellationToken ct)
    {
        var prefix = TestPrefix.New();
        await NetworkNamespace.RemoveLeftoversAsync(prefix, ct);
        var world = new VifDom0(prefix);
        try
        {
            if (Directory.Exists(world.Folder))
                Directory.Delete(world.Folder, recursive: true);
            world._dom0 = await NetworkNamespace.CreateAsync($"{prefix}-dom0", ct);
            world._guest = await NetworkNamespace.CreateAsync($"{prefix}-guest", ct);
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

    /// <summary>What netback leaves before the hotplug script runs: the vif, down and on no bridge.</summary>
    public Task AddVifAsync(string name, CancellationToken ct) =>
        Dom0.IpAsync(ct, "link", "add", "name", name, "type", "veth", "peer", "name", $"eth{_guestEnds++}", "netns", _guest!.Name);

    /// <summary>
    /// Starts the agent on this dom0's state folder and waits until it serves the vif palette. With <paramref name="withXenstore"/> its PATH starts
    /// with the fake xenstore tools, as on a Xen host; without, xenstore-read is not installed.
    /// </summary>
    public async Task<AgentProcess> StartAgentAsync(CancellationToken ct, bool withXenstore = false)
    {
        var options = new AgentOptions(Dom0, StateDirectory, Prefix);
        if (withXenstore)
            options = options with { ToolsFolder = FakeXenstore.ToolsFolder, Environment = Xenstore.ToolsEnvironment };
        Agent = await AgentProcess.StartAsync(options, ct);

        // The vif manager answers only once the registry has recovered and the start-up reconciliation
        // has been planned, so from here on a new vif is seen by events, not by that scan.
        Programs.EnsureSucceeded(await Agent.CliAsync(ct, "vif", "list"));
        return Agent;
    }

    /// <summary><c>vif list -j</c>, one element per registered vif.</summary>
    public async Task<IReadOnlyList<JsonElement>> ListAsync(CancellationToken ct)
    {
        var result = Programs.EnsureSucceeded(await Agent!.CliAsync(ct, "vif", "list", "-j"));
        return [.. result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.Clone())];
    }

    public async Task<IReadOnlyList<string>> ListedVifsAsync(CancellationToken ct) =>
        [.. (await ListAsync(ct)).Select(v => v.GetProperty("vif").GetString()!)];

    public async ValueTask DisposeAsync()
    {
        if (Agent is not null)
            await Agent.DisposeAsync();
        if (_guest is not null)
            await _guest.DisposeAsync();
        if (_dom0 is not null)
            await _dom0.DisposeAsync();
        if (Directory.Exists(Folder))
            Directory.Delete(Folder, recursive: true);
    }
}
