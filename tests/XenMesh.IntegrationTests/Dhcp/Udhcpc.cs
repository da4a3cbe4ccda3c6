using XenMesh.IntegrationTests.TestHost;

namespace XenMesh.IntegrationTests.Dhcp;

/// <summary>
/// busybox udhcpc in a guest's namespace, in the foreground, driven by its signals: SIGUSR1 renews (a unicast
/// REQUEST from the bound address to the server), SIGUSR2 releases. Killed by its PID when disposed.
/// </summary>
internal sealed class Udhcpc(DhcpGuest guest, params string[] options) : IAsyncDisposable
{
    private BackgroundProcess? _process;

    public string Output => _process?.Output ?? string.Empty;

    private BackgroundProcess Process => _process ?? throw new InvalidOperationException("udhcpc is not running");

    /// <summary>Starts it and waits for its lease (the <c>bound</c> event).</summary>
    public async Task<ClientEvent> StartAsync(CancellationToken ct)
    {
        var before = guest.Events.Count;
        _process = BackgroundProcess.Start(
            guest.Namespace,
            "busybox",
            ["udhcpc", "-f", "-i", DhcpGuest.Interface, "-s", guest.Events.Script, "-p", Path.Combine(guest.Folder, "udhcpc.pid"), "-t", "5", "-T", "2", .. options]);
        return await guest.WaitForEventAsync(before, _process, ["bound"], ct);
    }

    /// <summary>SIGUSR1: renew now; returns the <c>renew</c> event.</summary>
    public async Task<ClientEvent> RenewAsync(CancellationToken ct)
    {
        var before = guest.Events.Count;
        await Process.SignalAsync("USR1", ct);
        return await guest.WaitForEventAsync(before, Process, ["renew"], ct);
    }

    /// <summary>Waits, without signalling, for the renewal udhcpc makes on its own timer; returns the <c>renew</c> event.</summary>
    public Task<ClientEvent> NextRenewalAsync(TimeSpan timeout, CancellationToken ct) =>
        guest.WaitForEventAsync(guest.Events.Count, Process, ["renew"], ct, timeout);

    /// <summary>SIGUSR2: release the lease; returns once the client has deconfigured its address.</summary>
    public async Task ReleaseAsync(CancellationToken ct)
    {
        var before = guest.Events.Count;
        await Process.SignalAsync("USR2", ct);
        await guest.WaitForEventAsync(before, Process, ["deconfig"], ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
            await _process.DisposeAsync();
    }
}
