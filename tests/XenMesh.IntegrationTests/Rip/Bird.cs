using System.Globalization;
using XenMesh.IntegrationTests.TestHost;
using XenMesh.Node.Linux;

namespace XenMesh.IntegrationTests.Rip;

/// <summary>
/// BIRD 2 as the LAN gateway: <c>bird -f</c> in the gateway namespace with its config, control socket and
/// pid file in the test's folder; RIP on <c>eth0</c> imports into its table and <c>protocol kernel</c>
/// exports that table into the namespace's kernel. Disposing kills it by the PID this test started.
/// </summary>
internal sealed class Bird : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(20);

    private readonly BackgroundProcess _process;

    private Bird(BackgroundProcess process, string socket)
    {
        _process = process;
        Socket = socket;
    }

    public string Socket { get; }

    public string Output => _process.Output;

    /// <param name="gateway">The namespace BIRD runs in.</param>
    /// <param name="folder">Config, socket and pid file go here.</param>
    /// <param name="interfaceOptions">Statements inside <c>interface "eth0" { ... }</c> of <c>protocol rip</c>.</param>
    /// <param name="ct">Cancels the start.</param>
    /// <param name="ripExport">The export filter of <c>protocol rip</c>: what BIRD itself announces.</param>
    /// <param name="extraConfig">Further protocols, e.g. a <c>protocol static</c> for BIRD to announce.</param>
    public static async Task<Bird> StartAsync(NetworkNamespace gateway, string folder, string interfaceOptions, CancellationToken ct, string ripExport = "none", string extraConfig = "")
    {
        var config = Path.Combine(folder, "bird.conf");
        await File.WriteAllTextAsync(config, $$"""
            router id 192.168.11.254;
            log stderr all;
            protocol device { scan time 1; }
            protocol kernel { ipv4 { import none; export all; }; }
            protocol rip xenmesh {
                ipv4 { import all; export {{ripExport}}; };
                interface "eth0" { {{interfaceOptions}} };
            }
            {{extraConfig}}

            """, ct);
        var socket = Path.Combine(folder, "bird.ctl");
        var bird = new Bird(BackgroundProcess.Start(gateway, "bird", ["-f", "-c", config, "-s", socket, "-P", Path.Combine(folder, "bird.pid")]), socket);
        try
        {
            await Eventually.HoldsAsync(
                async () =>
                {
                    if (bird._process.HasExited)
                        throw new InvalidOperationException($"bird exited with {bird._process.ExitCode}: {bird.Output}");
                    var status = await bird.BirdcAsync(ct, "show", "status");
                    return (status.Succeeded && status.StandardOutput.Contains("Daemon is up and running", StringComparison.Ordinal), status.StandardOutput + status.StandardError);
                },
                ReadyTimeout,
                "bird answering on its control socket",
                ct);
            return bird;
        }
        catch
        {
            await bird.DisposeAsync();
            throw;
        }
    }

    /// <summary><c>birdc -s SOCKET show route</c>: the routes BIRD has, with their next hops.</summary>
    public async Task<string> ShowRouteAsync(CancellationToken ct) =>
        Programs.EnsureSucceeded(await BirdcAsync(ct, "show", "route")).StandardOutput;

    public async ValueTask DisposeAsync()
    {
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bird (pid {_process.Id}) output:{Environment.NewLine}{Output}"));
        await _process.DisposeAsync();
    }

    private Task<ProcessResult> BirdcAsync(CancellationToken ct, params string[] command) =>
        Programs.RunAsync("birdc", ["-s", Socket, .. command], ct);
}
