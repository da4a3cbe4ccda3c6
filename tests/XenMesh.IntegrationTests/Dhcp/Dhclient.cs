using XenMesh.IntegrationTests.TestHost;

namespace XenMesh.IntegrationTests.Dhcp;

/// <summary>
/// ISC dhclient in a guest's namespace with its own config, lease file and pid file in the guest's folder,
/// running in the foreground (<c>-1 -d</c>: one attempt, then it stays to renew). Each run is a process of
/// this test, killed by its PID when stopped or disposed; the lease file stays, so the next run is an
/// INIT-REBOOT of the lease the client holds.
/// </summary>
internal sealed class Dhclient(DhcpGuest guest, string config) : IAsyncDisposable
{
    private static readonly string[] BoundEvents = ["BOUND", "REBOOT", "RENEW", "REBIND"];

    private readonly List<string> _earlierOutput = [];
    private BackgroundProcess? _process;

    public string ConfigFile { get; } = Path.Combine(guest.Folder, "dhclient.conf");

    public string LeaseFile { get; } = Path.Combine(guest.Folder, "dhclient.leases");

    public string PidFile { get; } = Path.Combine(guest.Folder, "dhclient.pid");

    /// <summary>What every run so far printed (dhclient -v logs each message it sends and receives).</summary>
    public string Output => string.Join(Environment.NewLine, [.. _earlierOutput, _process?.Output ?? string.Empty]);

    /// <summary>Starts a run and waits until it is bound; returns the event with the lease's options.</summary>
    public async Task<ClientEvent> StartAsync(CancellationToken ct)
    {
        if (_process is { HasExited: false })
            throw new InvalidOperationException("dhclient is already running");
        await File.WriteAllTextAsync(ConfigFile, config, ct);
        await StopAsync();
        var before = guest.Events.Count;
        _process = BackgroundProcess.Start(guest.Namespace, "dhclient", ["-4", "-1", "-d", "-v", .. Files, DhcpGuest.Interface]);
        return await guest.WaitForEventAsync(before, _process, BoundEvents, ct);
    }

    /// <summary>Waits for the running client's next event named one of <paramref name="names"/>, up to <paramref name="timeout"/>.</summary>
    public Task<ClientEvent> NextEventAsync(string[] names, TimeSpan timeout, CancellationToken ct) =>
        guest.WaitForEventAsync(guest.Events.Count, _process ?? throw new InvalidOperationException("dhclient is not running"), names, ct, timeout);

    /// <summary>Kills the running client by its PID, as a crash would; its lease file is kept.</summary>
    public async Task StopAsync()
    {
        if (_process is null)
            return;
        await _process.DisposeAsync();
        _earlierOutput.Add(_process.Output);
        _process = null;
    }

    /// <summary><c>dhclient -r</c>: stops the running client (through the pid file) and releases its lease.</summary>
    public async Task ReleaseAsync(CancellationToken ct)
    {
        var release = await Programs.RunAsync("ip", ["netns", "exec", guest.Namespace.Name, "dhclient", "-4", "-r", "-v", .. Files, DhcpGuest.Interface], ct);
        _earlierOutput.Add(release.StandardError);
        Programs.EnsureSucceeded(release);
        if (_process is not null)
            await _process.WaitForExitAsync(ct);
        await StopAsync();
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    private string[] Files => ["-cf", ConfigFile, "-lf", LeaseFile, "-pf", PidFile, "-sf", guest.Events.Script];
}
