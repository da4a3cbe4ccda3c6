using System.Text.Json;
using XenMesh.IntegrationTests.Hotplug;
using XenMesh.IntegrationTests.TestHost;

namespace XenMesh.IntegrationTests.Vifs;

/// <summary>
/// A dom0 for the vif tests: a <see cref="Dom0Network"/>, a state folder for the agent, and a fake
/// xenstore the agent can be pointed at. Everything is removed on dispose, leftovers of the prefix first.
/// </summary>
internal sealed class VifDom0 : IAsyncDisposable
{
    public const string Bridge = Dom0Network.Bridge;

    private Dom0Network? _network;
    private int _guestEnds;

    private VifDom0(string prefix)
    {
        Prefix = prefix;
        Folder = Path.Combine(Path.GetTempPath(), prefix);
        Xenstore = new FakeXenstore(Path.Combine(Folder, "xenstore"));
    }

    public string Prefix { get; }

    public NetworkNamespace Dom0 => Network.Dom0;

    public AgentProcess? Agent { get; private set; }

    /// <summary>The xenstore the agent reads when started with <c>withXenstore</c>.</summary>
    public FakeXenstore Xenstore { get; }

    private string Folder { get; }

    private Dom0Network Network => _network ?? throw new InvalidOperationException("not set up");

    private string StateDirectory => Path.Combine(Folder, "state");

    public static async Task<VifDom0> CreateAsync(CancellationToken ct)
    {
        var world = new VifDom0(TestPrefix.New());
        try
        {
            if (Directory.Exists(world.Folder))
                Directory.Delete(world.Folder, recursive: true);
            world._network = await Dom0Network.CreateAsync(world.Prefix, ct);
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
        Network.AddVifAsync(name, $"eth{_guestEnds++}", ct);

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
        if (_network is not null)
            await _network.DisposeAsync();
        if (Directory.Exists(Folder))
            Directory.Delete(Folder, recursive: true);
    }
}
