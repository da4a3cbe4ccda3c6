using System.Diagnostics;
using System.Text.Json;
using XenMesh.Node.Linux;

namespace XenMesh.Node.Demo;

/// <summary>
/// Builds, inspects and removes the demo. Every link is created inside a namespace the demo owns
/// (<c>ip -n</c>), so the machine's own interfaces are never touched.
/// </summary>
internal sealed class DemoRunner(DemoPlan plan, DemoFiles files)
{
    private const int CommandPort = 9110;

    /// <summary>Per-namespace configuration files that <c>ip netns exec</c> mounts over their /etc counterparts.</summary>
    private const string NetnsEtc = "/etc/netns";
    private static readonly TimeSpan AgentReadyTimeout = TimeSpan.FromSeconds(60);

    private readonly ProcessRunner _runner = new(TimeSpan.FromSeconds(30));
    private NetworkNamespaces Netns => new(_runner);

    public async Task<DemoReport> UpAsync(CancellationToken ct)
    {
        files.Check();
        if (File.Exists(plan.StateFile))
            throw new DemoException($"already up ({plan.StateFile} exists); run 'xenmesh demo down' first");

        await RemoveLeftoversAsync(ct).ConfigureAwait(false);
        Directory.CreateDirectory(plan.StateDirectory);
        try
        {
            var hosts = new List<DemoHost>();
            foreach (var host in plan.Hosts)
                hosts.Add(await StartHostAsync(host, ct).ConfigureAwait(false));
            var report = new DemoReport(hosts);
            await File.WriteAllTextAsync(plan.StateFile, JsonSerializer.Serialize(report, DemoOutput.Json), ct).ConfigureAwait(false);
            return await StatusAsync(ct).ConfigureAwait(false) ?? report;
        }
        catch
        {
            await DownAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    public async Task<DemoReport?> StatusAsync(CancellationToken ct)
    {
        if (!File.Exists(plan.StateFile))
            return null;
        var saved = JsonSerializer.Deserialize<DemoReport>(await File.ReadAllTextAsync(plan.StateFile, ct).ConfigureAwait(false), DemoOutput.Json)
                    ?? throw new DemoException($"{plan.StateFile} is empty");
        var hosts = new List<DemoHost>();
        foreach (var host in saved.Hosts)
        {
            var running = host.AgentPid is { } pid && IsOurAgent(pid, host.Namespace);
            var leases = running ? await LeasesAsync(host, ct).ConfigureAwait(false) : [];
            var zone = running ? await ZoneAsync(host, ct).ConfigureAwait(false) : [];
            var guests = new List<DemoGuest>();
            foreach (var guest in host.Guests)
            {
                var lease = leases.GetValueOrDefault(guest.Mac);
                guests.Add(guest with
                {
                    Attached = await IsAttachedAsync(host.Namespace, guest.Vif, host.Bridge, ct).ConfigureAwait(false),
                    Address = lease?.Address,
                    DnsName = lease?.Name,
                });
            }

            hosts.Add(host with { AgentRunning = running, Guests = guests, Zone = zone });
        }

        return new DemoReport(hosts);
    }

    public async Task DownAsync(CancellationToken ct)
    {
        foreach (var host in plan.Hosts)
        {
            foreach (var guest in host.Guests)
                await Dhclient(host, guest).StopAsync(ct).ConfigureAwait(false);

            var pidFile = Path.Combine(plan.HostDirectory(host), "agent.pid");
            if (File.Exists(pidFile) && int.TryParse(await File.ReadAllTextAsync(pidFile, ct).ConfigureAwait(false), out var pid))
                await StopAgentAsync(pid, plan.NamespaceOf(host.Id), ct).ConfigureAwait(false);
        }

        await RemoveLeftoversAsync(ct).ConfigureAwait(false);
        if (Directory.Exists(plan.StateDirectory))
            Directory.Delete(plan.StateDirectory, recursive: true);
    }

    private async Task<DemoHost> StartHostAsync(DemoHostPlan host, CancellationToken ct)
    {
        var ns = plan.NamespaceOf(host.Id);
        var directory = plan.HostDirectory(host);
        var store = Path.Combine(directory, "xenstore");
        Directory.CreateDirectory(store);
        await Netns.AddAsync(ns, ct).ConfigureAwait(false);
        await Netns.InAsync(ns, ct, "link", "set", "lo", "up").ConfigureAwait(false);

        var xenStore = new DemoXenStore(_runner, store);
        foreach (var guest in host.Guests)
            await CreateGuestAsync(ns, host, guest, xenStore, ct).ConfigureAwait(false);

        var config = await WriteConfigAsync(host, directory, ct).ConfigureAwait(false);
        var log = Path.Combine(directory, "agent.log");
        var pid = await StartAgentAsync(ns, config, log, Path.Combine(directory, "agent.pid"), ct).ConfigureAwait(false);
        await WaitForAgentAsync(ns, log, ct).ConfigureAwait(false);

        var scripts = PrepareScripts(directory);
        var guests = new List<DemoGuest>();
        foreach (var guest in host.Guests)
        {
            await RunHotplugAsync(ns, directory, scripts, store, guest, ct).ConfigureAwait(false);
            guests.Add(new DemoGuest(guest.Name, plan.NamespaceOf(guest.Name), guest.Vif, guest.Mac, null, Attached: false));
        }

        foreach (var guest in host.Guests)
            await Dhclient(host, guest).StartAsync(guest.SendHostName, ct).ConfigureAwait(false);

        return new DemoHost(host.Id, ns, host.Bridge, host.BridgeAddress, $"127.0.0.1:{CommandPort}", pid, AgentRunning: true, log, guests);
    }

    private async Task CreateGuestAsync(string dom0, DemoHostPlan host, DemoGuestPlan guest, DemoXenStore xenStore, CancellationToken ct)
    {
        var ns = plan.NamespaceOf(guest.Name);
        await Netns.AddAsync(ns, ct).ConfigureAwait(false);
        await Netns.InAsync(ns, ct, "link", "set", "lo", "up").ConfigureAwait(false);
        // The guest's eth0 carries the configured MAC, as a Xen frontend does; the dom0 end is the vif.
        await Netns.InAsync(dom0, ct, "link", "add", guest.Vif, "type", "veth", "peer", "name", "eth0", "address", guest.Mac, "netns", ns).ConfigureAwait(false);
        await Netns.InAsync(ns, ct, "link", "set", "eth0", "up").ConfigureAwait(false);

        // The guest's own resolv.conf: its dhclient-script fills it from the lease (the dom0 as name server).
        Directory.CreateDirectory(Path.Combine(NetnsEtc, ns));
        await File.WriteAllTextAsync(Path.Combine(NetnsEtc, ns, "resolv.conf"), string.Empty, ct).ConfigureAwait(false);
        await xenStore.AddGuestAsync(guest, host.Bridge, ct).ConfigureAwait(false);
    }

    private static async Task<string> WriteConfigAsync(DemoHostPlan host, string directory, CancellationToken ct)
    {
        var path = Path.Combine(directory, "xenmesh.json");
        var config = new
        {
            host = new { id = host.Id, stateDirectory = Path.Combine(directory, "state") },
            bridge = new { name = host.Bridge, address = host.BridgeAddress, checkInterval = "00:00:05" },
            dhcp = new { rangeStart = host.RangeStart, rangeEnd = host.RangeEnd, leaseTime = "3.00:00:00" },
            dns = new { resolvFile = Path.Combine(directory, "resolv.upstream.conf") },
            commandHost = new { host = "127.0.0.1", port = CommandPort },
        };
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(config, DemoOutput.Json), ct).ConfigureAwait(false);
        return path;
    }

    /// <summary>
    /// start-stop-daemon detaches the agent from this short-lived command and sends its output to a
    /// log file; <c>ip netns exec</c> execs the agent, so the recorded PID is the agent's own.
    /// </summary>
    private async Task<int> StartAgentAsync(string ns, string config, string log, string pidFile, CancellationToken ct)
    {
        var arguments = new List<string>
        {
            "--start", "--background", "--make-pidfile", "--pidfile", pidFile, "--output", log,
            "--exec", "/usr/sbin/ip", "--", "netns", "exec", ns,
        };
        arguments.AddRange(DemoFiles.SelfCommand);
        arguments.AddRange(["agent", "--config", config]);
        var result = await _runner.RunAsync("start-stop-daemon", arguments, ct).ConfigureAwait(false);
        if (!result.Succeeded)
            throw new DemoException($"could not start the agent in {ns}: {result.StandardError.Trim()}");
        return int.Parse(await File.ReadAllTextAsync(pidFile, ct).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task WaitForAgentAsync(string ns, string log, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var result = await Netns.ExecAsync(ns, DemoFiles.SelfCommand[0], [.. DemoFiles.SelfCommand.Skip(1), $"127.0.0.1:{CommandPort}", "bridge", "show"], ct).ConfigureAwait(false);
            if (result.Succeeded)
                return;
            if (deadline.Elapsed > AgentReadyTimeout)
                throw new DemoException($"the agent in {ns} did not answer within {AgentReadyTimeout.TotalSeconds} s; see {log}");
            await Task.Delay(TimeSpan.FromMilliseconds(250), ct).ConfigureAwait(false);
        }
    }

    /// <summary>Xen's hotplug scripts source their library from their own directory, so vif-xenmesh sits beside it.</summary>
    private string PrepareScripts(string directory)
    {
        var scripts = Path.Combine(directory, "scripts");
        Directory.CreateDirectory(scripts);
        foreach (var file in Directory.GetFiles(files.XenScripts))
            File.Copy(file, Path.Combine(scripts, Path.GetFileName(file)), overwrite: true);
        var script = Path.Combine(scripts, "vif-xenmesh");
        File.Copy(DemoFiles.HotplugScript, script, overwrite: true);
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        return scripts;
    }

    /// <summary>
    /// Runs the hotplug script the way libxl does (execve, a clean environment, argv
    /// <c>online type_if=vif</c>) inside the dom0 namespace. Xen's script library appends to the fixed
    /// path /var/log/xen/xen-hotplug.log, so the run gets a private mount namespace with the demo's
    /// log directory on /var/log: the machine's own /var/log is never written.
    /// </summary>
    private async Task RunHotplugAsync(string ns, string directory, string scripts, string store, DemoGuestPlan guest, CancellationToken ct)
    {
        var varLog = Path.Combine(directory, "var-log");
        Directory.CreateDirectory(Path.Combine(varLog, "xen"));
        var path = $"{DemoFiles.XenStoreStubs}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
        var script = Path.Combine(scripts, "vif-xenmesh");
        string[] arguments =
        [
            ns, varLog, path,
            "env", "-i",
            $"PATH={path}",
            $"XENSTORE_ROOT={store}",
            $"XENMESH_CLI={DemoFiles.SelfCommandLine}",
            $"XENMESH_ENDPOINT=127.0.0.1:{CommandPort}",
            $"script={script}",
            "XENBUS_TYPE=vif",
            $"XENBUS_PATH={guest.XenbusPath}",
            "XENBUS_BASE_PATH=backend",
            "netdev=",
            $"vif={guest.Vif}",
            script, "online", "type_if=vif",
        ];
        var result = await _runner.RunAsync(DemoFiles.Shipped("demo", "run-in-netns"), arguments, ct).ConfigureAwait(false);
        if (!result.Succeeded)
            throw new DemoException($"vif-xenmesh online for {guest.Vif} failed ({result.ExitCode}): {result.StandardError.Trim()}");
    }

    private DemoDhclient Dhclient(DemoHostPlan host, DemoGuestPlan guest) =>
        new(_runner, plan.NamespaceOf(guest.Name), plan.GuestDirectory(host, guest));

    /// <summary>The agent's leases by MAC (<c>lease list -j</c> run in the dom0); none when it does not answer.</summary>
    private async Task<Dictionary<string, DemoLease>> LeasesAsync(DemoHost host, CancellationToken ct)
    {
        var result = await Netns.ExecAsync(host.Namespace, DemoFiles.SelfCommand[0], [.. DemoFiles.SelfCommand.Skip(1), host.CommandHost, "lease", "list", "-j"], ct).ConfigureAwait(false);
        if (!result.Succeeded)
            return [];
        return result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonSerializer.Deserialize<DemoLease>(line, DemoOutput.Json))
            .OfType<DemoLease>()
            .GroupBy(l => l.Mac, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
    }

    /// <summary>The names the agent's DNS server answers (<c>dns list -j</c> run in the dom0); none when it does not answer.</summary>
    private async Task<List<DemoZoneEntry>> ZoneAsync(DemoHost host, CancellationToken ct)
    {
        var result = await Netns.ExecAsync(host.Namespace, DemoFiles.SelfCommand[0], [.. DemoFiles.SelfCommand.Skip(1), host.CommandHost, "dns", "list", "-j"], ct).ConfigureAwait(false);
        if (!result.Succeeded)
            return [];
        return [.. result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonSerializer.Deserialize<DemoZoneEntry>(line, DemoOutput.Json))
            .OfType<DemoZoneEntry>()];
    }

    private async Task<bool> IsAttachedAsync(string ns, string vif, string bridge, CancellationToken ct)
    {
        var result = await Netns.ExecAsync(ns, NetworkNamespaces.Ip, ["-j", "link", "show", "dev", vif], ct).ConfigureAwait(false);
        if (!result.Succeeded)
            return false;
        using var json = JsonDocument.Parse(result.StandardOutput);
        var link = json.RootElement[0];
        return link.TryGetProperty("master", out var master) && master.GetString() == bridge;
    }

    private static bool IsOurAgent(int pid, string ns)
    {
        try
        {
            var cmdline = File.ReadAllText($"/proc/{pid}/cmdline");
            return cmdline.Contains("agent", StringComparison.Ordinal) && File.Exists($"/run/netns/{ns}");
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static async Task StopAgentAsync(int pid, string ns, CancellationToken ct)
    {
        if (!IsOurAgent(pid, ns))
            return;
        using var process = Process.GetProcessById(pid);
        using var term = Process.Start("kill", ["-TERM", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await term.WaitForExitAsync(ct).ConfigureAwait(false);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(20));
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
        }
    }

    private async Task RemoveLeftoversAsync(CancellationToken ct)
    {
        foreach (var ns in await Netns.ListAsync(ct).ConfigureAwait(false))
        {
            if (ns.StartsWith(plan.Prefix + "-", StringComparison.Ordinal))
                await Netns.DeleteAsync(ns, ct).ConfigureAwait(false);
        }

        if (Directory.Exists(NetnsEtc))
        {
            foreach (var folder in Directory.GetDirectories(NetnsEtc, plan.Prefix + "-*"))
                Directory.Delete(folder, recursive: true);
        }
    }
}
