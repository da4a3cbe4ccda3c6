using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using XenMesh.Node.Linux;

namespace XenMesh.IntegrationTests.TestHost;

/// <summary>What an agent under test is told in its config file.</summary>
/// <param name="Namespace">The network namespace the agent runs in (its dom0).</param>
/// <param name="StateDirectory">Journal and config live here; restarting on the same folder keeps the state.</param>
/// <param name="HostId">host.id, an RFC 1123 label.</param>
internal sealed record AgentOptions(NetworkNamespace Namespace, string StateDirectory, string HostId)
{
    public string BridgeName { get; init; } = "br0";

    /// <summary>bridge.address; null leaves it out (with <see cref="BridgeSupernet"/>: assigned by the mesh).</summary>
    public string? BridgeAddress { get; init; } = "192.168.0.254/24";

    /// <summary>bridge.supernet; null leaves it out.</summary>
    public string? BridgeSupernet { get; init; }

    /// <summary>bridge.filter: off for tests whose guests are plain veths never announced by <c>vif online</c>
    /// (the filter drops every frame of a port whose MAC it was not given).</summary>
    public bool BridgeFilter { get; init; } = true;

    /// <summary>The command host's port on the namespace's own loopback; a fresh namespace has every port free.</summary>
    public int CommandPort { get; init; } = 9110;

    /// <summary>A folder put first on the agent's PATH, e.g. fake xenstore tools.</summary>
    public string? ToolsFolder { get; init; }

    /// <summary>Variables added to the agent's environment, e.g. what the tools in <see cref="ToolsFolder"/> need.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>A PostgreSQL connection string for the journal; null keeps the default SQLite file.</summary>
    public string? PostgreSqlConnectionString { get; init; }

    /// <summary>The config's <c>dhcp</c> section (an object serialized as is); null leaves the defaults.</summary>
    public object? Dhcp { get; init; }

    /// <summary>Further config sections by name (<c>lan</c>, <c>rip</c>...), each an object serialized as is.</summary>
    public IReadOnlyDictionary<string, object> Sections { get; init; } = new Dictionary<string, object>(StringComparer.Ordinal);

    /// <summary>The config's <c>dns</c> section (an object serialized as is); null leaves the defaults.</summary>
    public object? Dns { get; init; }
}

/// <summary>
/// The real agent (<c>dotnet xenmesh.dll agent --config FILE</c>) started inside a network namespace,
/// and the real <c>xenmesh</c> client run against it in the same namespace. Kills only the process it
/// started; its output is written to the test output when it is disposed.
/// </summary>
internal sealed class AgentProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private AgentProcess(AgentOptions options, Process process)
    {
        Options = options;
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public AgentOptions Options { get; }

    public string Endpoint => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{Options.CommandPort}");

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Everything the agent wrote to stdout and stderr so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    private static string Assembly => Path.Combine(AppContext.BaseDirectory, "xenmesh.dll");

    /// <summary>Writes the config, starts the agent and waits until its command host answers.</summary>
    public static async Task<AgentProcess> StartAsync(AgentOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        Directory.CreateDirectory(options.StateDirectory);
        var config = Path.Combine(options.StateDirectory, "agent.json");
        await File.WriteAllTextAsync(config, ConfigJson(options), ct);

        var start = new ProcessStartInfo("ip")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in (string[])["netns", "exec", options.Namespace.Name, "dotnet", Assembly, "agent", "--config", config])
            start.ArgumentList.Add(argument);
        if (options.ToolsFolder is { } tools)
            start.Environment["PATH"] = $"{tools}:{Environment.GetEnvironmentVariable("PATH")}";
        foreach (var (name, value) in options.Environment)
            start.Environment[name] = value;

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the agent");
        process.StandardInput.Close();
        var agent = new AgentProcess(options, process);
        try
        {
            await agent.WaitUntilServingAsync(ct);
            return agent;
        }
        catch
        {
            await agent.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs <c>xenmesh &lt;endpoint&gt; args...</c> inside the agent's namespace.</summary>
    public Task<ProcessResult> CliAsync(CancellationToken ct, params string[] arguments) =>
        RunClientAsync([Endpoint, .. arguments], ct);

    /// <summary><c>kill -9</c>: the agent gets no chance to clean up, as in a crash.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync(CancellationToken.None);
    }

    /// <summary>SIGTERM and wait for a clean exit.</summary>
    public async Task<int> StopAsync(CancellationToken ct)
    {
        await Programs.RunCheckedAsync("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)], ct);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(StopTimeout);
        await _process.WaitForExitAsync(deadline.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        TestContext.Current.TestOutputHelper?.WriteLine($"agent {Options.HostId} (pid {_process.Id}) output:{Environment.NewLine}{Output}");
        _process.Dispose();
    }

    private static string ConfigJson(AgentOptions o)
    {
        var config = new Dictionary<string, object>
        {
            ["host"] = new { id = o.HostId, stateDirectory = o.StateDirectory },
            ["bridge"] = Bridge(o),
            ["commandHost"] = new { host = "127.0.0.1", port = o.CommandPort },
            ["persistence"] = o.PostgreSqlConnectionString is { } postgres
                ? (object)new { provider = "postgresql", connectionString = postgres }
                : new { provider = "sqlite" },
        };
        if (o.Dhcp is { } dhcp)
            config["dhcp"] = dhcp;
        foreach (var (name, section) in o.Sections)
            config[name] = section;
        if (o.Dns is { } dns)
            config["dns"] = dns;
        return JsonSerializer.Serialize(config);
    }

    private static Dictionary<string, object> Bridge(AgentOptions o)
    {
        var bridge = new Dictionary<string, object> { ["name"] = o.BridgeName, ["filter"] = o.BridgeFilter };
        if (o.BridgeAddress is { } address)
            bridge["address"] = address;
        if (o.BridgeSupernet is { } supernet)
            bridge["supernet"] = supernet;
        return bridge;
    }

    private Task WaitUntilServingAsync(CancellationToken ct) =>
        Eventually.HoldsAsync(async () =>
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"the agent exited with {_process.ExitCode} before serving:{Environment.NewLine}{Output}");
            var help = await RunClientAsync([Endpoint, "help"], ct);
            return (help.Succeeded, $"{help.StandardError.Trim()}; agent output:{Environment.NewLine}{Output}");
        }, StartTimeout, $"the agent serving {Endpoint}", ct);

    private Task<ProcessResult> RunClientAsync(IReadOnlyList<string> arguments, CancellationToken ct) =>
        Programs.RunAsync("ip", ["netns", "exec", Options.Namespace.Name, "dotnet", Assembly, .. arguments], ProcessOptions.Default, ClientTimeout, ct);

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
    }
}
