using System.Globalization;
using XenMesh.Node.Linux;

namespace XenMesh.Node.Demo;

/// <summary>
/// ISC dhclient in a demo guest's namespace, configured as a Debian guest is (Debian's dhclient.conf, with
/// the guest's <c>send host-name</c> line or none), but with the demo's script, which configures the lease
/// inside the namespace only. It runs in the foreground until it is bound, then puts itself in the
/// background with its PID in its pid file; <c>demo down</c> stops it by that PID.
/// </summary>
internal sealed class DemoDhclient(IProcessRunner runner, string guestNamespace, string folder)
{
    public const string Interface = "eth0";

    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private string ConfigFile => Path.Combine(folder, "dhclient.conf");

    private string LeaseFile => Path.Combine(folder, "dhclient.leases");

    private string PidFile => Path.Combine(folder, "dhclient.pid");

    /// <summary>Debian 12's /etc/dhcp/dhclient.conf with <c>send host-name</c> as the guest has it, and a shorter timeout.</summary>
    public static string Config(string? sendHostName) => $$"""
        option rfc3442-classless-static-routes code 121 = array of unsigned integer 8;
        {{(sendHostName is null ? string.Empty : $"send host-name \"{sendHostName}\";")}}
        request subnet-mask, broadcast-address, time-offset, routers,
            domain-name, domain-name-servers, domain-search, host-name,
            dhcp6.name-servers, dhcp6.domain-search, dhcp6.fqdn, dhcp6.sntp-servers,
            netbios-name-servers, netbios-scope, interface-mtu,
            rfc3442-classless-static-routes, ntp-servers;
        timeout 20;

        """;

    /// <summary>Runs dhclient until it has a lease (or has given up for now) and gone to the background.</summary>
    public async Task StartAsync(string? sendHostName, CancellationToken ct)
    {
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(ConfigFile, Config(sendHostName), ct).ConfigureAwait(false);
        var result = await runner.RunAsync(
            NetworkNamespaces.Ip,
            NetworkNamespaces.ExecArguments(guestNamespace, "dhclient", ["-4", "-v", "-cf", ConfigFile, "-lf", LeaseFile, "-pf", PidFile, "-sf", DemoFiles.DhclientScript, Interface]),
            ct).ConfigureAwait(false);
        if (!result.Succeeded)
            throw new DemoException($"dhclient in {guestNamespace} failed ({result.ExitCode}): {result.StandardError.Trim()}");
    }

    /// <summary>Stops the dhclient of the pid file, if that PID is still this guest's dhclient (never a recycled PID).</summary>
    public async Task StopAsync(CancellationToken ct)
    {
        if (!File.Exists(PidFile) || !int.TryParse((await File.ReadAllTextAsync(PidFile, ct).ConfigureAwait(false)).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || !IsOurs(pid))
            return;
        await runner.RunAsync("kill", ["-TERM", pid.ToString(CultureInfo.InvariantCulture)], ct).ConfigureAwait(false);
        var deadline = DateTime.UtcNow + StopTimeout;
        while (IsOurs(pid))
        {
            if (DateTime.UtcNow > deadline)
            {
                await runner.RunAsync("kill", ["-KILL", pid.ToString(CultureInfo.InvariantCulture)], ct).ConfigureAwait(false);
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), ct).ConfigureAwait(false);
        }
    }

    private bool IsOurs(int pid)
    {
        try
        {
            var arguments = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0');
            return arguments.Any(a => a.EndsWith("dhclient", StringComparison.Ordinal)) && arguments.Contains(PidFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
