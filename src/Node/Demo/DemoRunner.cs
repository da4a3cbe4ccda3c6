using System.Diagnostics;
using System.Text.Json;
using XenMesh.Node.Linux;

namespace XenMesh.Node.Demo;

/// <summary>
/// Builds, inspects and removes the demo. Every link is created inside a namespace the demo owns
/// (<c>ip -n</c>), so the machine's own interfaces are never touched. Each step that starts something
/// waits for the condition the next step needs (a socket open, members up, routes learned) with a deadline.
/// </summary>
internal sealed class DemoRunner(DemoPlan plan, DemoFiles files)
{
    private const int CommandPort = DemoAgentConfig.CommandPort;
    private const string LanInterface = DemoAgentConfig.LanInterface;

    /// <summary>Per-namespace configuration files that <c>ip netns exec</c> mounts over their /etc counterparts.</summary>
    private const string NetnsEtc = "/etc/netns";
    private const int LogTailLines = 15;

    /// <summary>Generous: three agents and BIRD start on a machine that may be busy with other work.</summary>
    private static readonly TimeSpan AgentReadyTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan BirdReadyTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan MeshReadyTimeout = TimeSpan.FromSeconds(120);

    private readonly ProcessRunner _runner = new(TimeSpan.FromSeconds(30));
    private NetworkNamespaces Netns => new(_runner);

    private DemoLanPlan Lan => plan.Lan;

    private string BirdConfig => Path.Combine(plan.GatewayDirectory, "bird.conf");

    private string BirdSocket => Path.Combine(plan.GatewayDirectory, "bird.ctl");

    private DemoDaemon Bird => new(_runner, Path.Combine(plan.GatewayDirectory, "bird.pid"), BirdConfig);

    public async Task<DemoReport> UpAsync(CancellationToken ct)
    {
        files.Check();
        if (File.Exists(plan.StateFile))
            throw new DemoException($"already up ({plan.StateFile} exists); run 'xenmesh demo down' first");

        await RemoveLeftoversAsync(ct).ConfigureAwait(false);
        Directory.CreateDirectory(plan.StateDirectory);
        try
        {
            var (lan, gateway, client) = await StartLanAsync(ct).ConfigureAwait(false);
            // The first host is the first seed and forms the cluster; the others join it and need not wait for each other.
            List<DemoHost> hosts = [await StartHostAsync(plan.Hosts[0], ct).ConfigureAwait(false)];
            hosts.AddRange(await Task.WhenAll(plan.Hosts.Skip(1).Select(h => StartHostAsync(h, ct))).ConfigureAwait(false));
            var report = new DemoReport(lan, gateway, client, hosts);
            await File.WriteAllTextAsync(plan.StateFile, JsonSerializer.Serialize(report, DemoOutput.Json), ct).ConfigureAwait(false);
            await WaitForMeshAsync(report, ct).ConfigureAwait(false);
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
            var running = host.AgentPid is { } pid && Agent(host.Id).IsRunning(pid);
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

        var gateway = saved.Gateway with
        {
            BirdRunning = saved.Gateway.BirdPid is { } birdPid && Bird.IsRunning(birdPid),
            Routes = await GatewayRoutesAsync(ct).ConfigureAwait(false),
        };
        return saved with { Gateway = gateway, Hosts = hosts };
    }

    /// <summary>Stops what the demo started by the PIDs in its pid files, then removes its namespaces and folders.</summary>
    public async Task DownAsync(CancellationToken ct)
    {
        foreach (var host in plan.Hosts)
        {
            foreach (var guest in host.Guests)
                await Dhclient(host, guest).StopAsync(ct).ConfigureAwait(false);
        }

        await Task.WhenAll(plan.Hosts.Select(h => Agent(h.Id).StopAsync(ct))).ConfigureAwait(false);
        await Bird.StopAsync(ct).ConfigureAwait(false);
        await RemoveLeftoversAsync(ct).ConfigureAwait(false);
        if (Directory.Exists(plan.StateDirectory))
            Directory.Delete(plan.StateDirectory, recursive: true);
    }

    /// <summary>The LAN bridge, the gateway (forwarding, BIRD answering) and the LAN client (default route via the gateway).</summary>
    private async Task<(DemoLan Lan, DemoGateway Gateway, DemoLanClient Client)> StartLanAsync(CancellationToken ct)
    {
        var segment = plan.NamespaceOf(Lan.Name);
        await AddNamespaceAsync(segment, ct).ConfigureAwait(false);
        await Netns.InAsync(segment, ct, "link", "add", "name", Lan.Bridge, "type", "bridge").ConfigureAwait(false);
        await Netns.InAsync(segment, ct, "link", "set", "dev", Lan.Bridge, "up").ConfigureAwait(false);

        var gateway = plan.NamespaceOf(Lan.GatewayName);
        await AddLanPortAsync(gateway, Lan.GatewayName, Lan.GatewayAddress, ct).ConfigureAwait(false);
        await ForwardAsync(gateway, ct).ConfigureAwait(false);
        var client = plan.NamespaceOf(Lan.ClientName);
        await AddLanPortAsync(client, Lan.ClientName, Lan.ClientAddress, ct).ConfigureAwait(false);
        await Netns.InAsync(client, ct, "route", "add", "default", "via", Lan.GatewayAddress).ConfigureAwait(false);

        var (pid, log) = await StartBirdAsync(gateway, ct).ConfigureAwait(false);
        return (new DemoLan(segment, Lan.Bridge, Lan.Subnet), new DemoGateway(gateway, Lan.GatewayAddress, pid, BirdRunning: true, log, []), new DemoLanClient(client, Lan.ClientAddress));
    }

    /// <summary>
    /// BIRD 2 as the DSL router would run it: RIP on its LAN interface importing every route heard (it announces
    /// none), the kernel protocol exporting them into the gateway's table. It starts before any agent so it
    /// hears each speaker's first update.
    /// </summary>
    private async Task<(int Pid, string Log)> StartBirdAsync(string ns, CancellationToken ct)
    {
        Directory.CreateDirectory(plan.GatewayDirectory);
        await File.WriteAllTextAsync(BirdConfig, $$"""
            router id {{Lan.GatewayAddress}};
            log stderr all;
            # Interfaces are rescanned every second so RIP starts on eth0 as soon as it is up.
            protocol device { scan time 1; }
            protocol kernel { ipv4 { import none; export all; }; }
            protocol rip xenmesh {
                ipv4 { import all; export none; };
                interface "{{LanInterface}}" { mode multicast; };
            }

            """, ct).ConfigureAwait(false);
        var log = Path.Combine(plan.GatewayDirectory, "bird.log");
        var pid = await Bird.StartAsync(ns, log, ["bird", "-f", "-c", BirdConfig, "-s", BirdSocket], ct).ConfigureAwait(false);
        await WithLogTailAsync(log, () => AwaitAsync(
            async () =>
            {
                if (DemoDaemon.HasExited(pid))
                    throw new DemoException($"bird in {ns} exited");
                var status = await _runner.RunAsync("birdc", ["-s", BirdSocket, "show", "status"], ct).ConfigureAwait(false);
                return (status.Succeeded && status.StandardOutput.Contains("Daemon is up and running", StringComparison.Ordinal), status.StandardOutput + status.StandardError);
            },
            BirdReadyTimeout,
            $"bird in {ns} answering on {BirdSocket}",
            ct)).ConfigureAwait(false);
        return (pid, log);
    }

    private async Task<DemoHost> StartHostAsync(DemoHostPlan host, CancellationToken ct)
    {
        var ns = plan.NamespaceOf(host.Id);
        var directory = plan.HostDirectory(host);
        var store = Path.Combine(directory, "xenstore");
        Directory.CreateDirectory(store);
        await AddLanPortAsync(ns, host.Id, host.LanAddress, ct).ConfigureAwait(false);
        // The dom0 routes between its guests and the LAN; its own way out (and to the other hosts' subnets) is the gateway.
        await ForwardAsync(ns, ct).ConfigureAwait(false);
        await Netns.InAsync(ns, ct, "route", "add", "default", "via", Lan.GatewayAddress).ConfigureAwait(false);

        var xenStore = new DemoXenStore(_runner, store);
        foreach (var guest in host.Guests)
            await CreateGuestAsync(ns, host, guest, xenStore, ct).ConfigureAwait(false);

        var config = DemoAgentConfig.FileOf(plan, host);
        await File.WriteAllTextAsync(config, DemoAgentConfig.Json(plan, host), ct).ConfigureAwait(false);
        var log = Path.Combine(directory, "agent.log");
        var pid = await Agent(host.Id).StartAsync(ns, log, [.. DemoFiles.SelfCommand, "agent", "--config", config], ct).ConfigureAwait(false);
        await WaitForAgentAsync(host.Id, pid, ns, log, ct).ConfigureAwait(false);

        var scripts = PrepareScripts(directory);
        var guests = new List<DemoGuest>();
        foreach (var guest in host.Guests)
        {
            await RunHotplugAsync(ns, directory, scripts, store, guest, ct).ConfigureAwait(false);
            guests.Add(new DemoGuest(guest.Name, plan.NamespaceOf(guest.Name), guest.Vif, guest.Mac, null, Attached: false));
        }

        foreach (var guest in host.Guests)
            await Dhclient(host, guest).StartAsync(guest.SendHostName, ct).ConfigureAwait(false);

        return new DemoHost(host.Id, ns, host.Bridge, host.BridgeAddress, host.Subnet, host.LanAddress, $"127.0.0.1:{CommandPort}", pid, AgentRunning: true, log, guests);
    }

    private async Task AddNamespaceAsync(string ns, CancellationToken ct)
    {
        await Netns.AddAsync(ns, ct).ConfigureAwait(false);
        await Netns.InAsync(ns, ct, "link", "set", "lo", "up").ConfigureAwait(false);
    }

    /// <summary>A new namespace whose <c>eth0</c> is a port of the LAN bridge, holding <paramref name="address"/>.</summary>
    private async Task AddLanPortAsync(string ns, string name, string address, CancellationToken ct)
    {
        await AddNamespaceAsync(ns, ct).ConfigureAwait(false);
        var segment = plan.NamespaceOf(Lan.Name);
        var port = $"p-{name}";
        await Netns.InAsync(segment, ct, "link", "add", "name", port, "type", "veth", "peer", "name", LanInterface, "netns", ns).ConfigureAwait(false);
        await Netns.InAsync(segment, ct, "link", "set", "dev", port, "master", Lan.Bridge, "up").ConfigureAwait(false);
        await Netns.InAsync(ns, ct, "addr", "add", $"{address}/{Lan.PrefixLength}", "dev", LanInterface).ConfigureAwait(false);
        await Netns.InAsync(ns, ct, "link", "set", "dev", LanInterface, "up").ConfigureAwait(false);
    }

    private async Task ForwardAsync(string ns, CancellationToken ct)
    {
        var result = await Netns.ExecAsync(ns, "sysctl", ["-qw", "net.ipv4.ip_forward=1"], ct).ConfigureAwait(false);
        if (!result.Succeeded)
            throw new DemoException($"could not turn on forwarding in {ns}: {result.StandardError.Trim()}");
    }

    private async Task CreateGuestAsync(string dom0, DemoHostPlan host, DemoGuestPlan guest, DemoXenStore xenStore, CancellationToken ct)
    {
        var ns = plan.NamespaceOf(guest.Name);
        await AddNamespaceAsync(ns, ct).ConfigureAwait(false);
        // The guest's eth0 carries the configured MAC, as a Xen frontend does; the dom0 end is the vif.
        await Netns.InAsync(dom0, ct, "link", "add", guest.Vif, "type", "veth", "peer", "name", "eth0", "address", guest.Mac, "netns", ns).ConfigureAwait(false);
        await Netns.InAsync(ns, ct, "link", "set", "eth0", "up").ConfigureAwait(false);

        // The guest's own resolv.conf: its dhclient-script fills it from the lease (the dom0 as name server).
        Directory.CreateDirectory(Path.Combine(NetnsEtc, ns));
        await File.WriteAllTextAsync(Path.Combine(NetnsEtc, ns, "resolv.conf"), string.Empty, ct).ConfigureAwait(false);
        await xenStore.AddGuestAsync(guest, host.Bridge, ct).ConfigureAwait(false);
    }

    private DemoDaemon Agent(string hostId)
    {
        var host = plan.Hosts.Single(h => h.Id == hostId);
        return new DemoDaemon(_runner, Path.Combine(plan.HostDirectory(host), "agent.pid"), DemoAgentConfig.FileOf(plan, host));
    }

    private Task WaitForAgentAsync(string hostId, int pid, string ns, string log, CancellationToken ct) => WithLogTailAsync(log, () =>
        AwaitAsync(
            async () =>
            {
                if (DemoDaemon.HasExited(pid))
                    throw new DemoException($"the agent in {ns} exited");
                return (await AnswersAsync(ns, ct).ConfigureAwait(false) && await ServesDhcpAsync(ns, ct).ConfigureAwait(false), "no answer or no DHCP socket");
            },
            AgentReadyTimeout,
            $"the agent in {ns} answering and opening its DHCP socket",
            ct));

    private async Task<bool> AnswersAsync(string ns, CancellationToken ct) =>
        (await Netns.ExecAsync(ns, DemoFiles.SelfCommand[0], [.. DemoFiles.SelfCommand.Skip(1), $"127.0.0.1:{CommandPort}", "bridge", "show"], ct).ConfigureAwait(false)).Succeeded;

    /// <summary>
    /// The DHCP socket opens only after the lease pool has recovered and the bridge filter is installed; a guest
    /// whose dhclient started before that would wait for its retry interval.
    /// </summary>
    private async Task<bool> ServesDhcpAsync(string ns, CancellationToken ct)
    {
        var result = await Netns.ExecAsync(ns, "ss", ["-H", "-u", "-l", "-n", "sport = :67"], ct).ConfigureAwait(false);
        return result.Succeeded && result.StandardOutput.Trim().Length > 0;
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

    /// <summary>
    /// What the report promises: every host a member that is up, the gateway's kernel holding each host subnet via
    /// that host's LAN address, and every guest's name in every dom0's zone.
    /// </summary>
    private async Task WaitForMeshAsync(DemoReport report, CancellationToken ct)
    {
        var seed = report.Hosts[0];
        await AwaitAsync(
            async () =>
            {
                var members = await MembersAsync(seed, ct).ConfigureAwait(false);
                var up = members.Count(m => m is { Status: "up", Reachability: "reachable" });
                return (up == report.Hosts.Count, $"{up} of {report.Hosts.Count} members up and reachable");
            },
            MeshReadyTimeout,
            $"every dom0 a member of the cluster seeded by {seed.Id}",
            ct).ConfigureAwait(false);

        await AwaitAsync(
            async () =>
            {
                var routes = await GatewayRoutesAsync(ct).ConfigureAwait(false);
                var missing = report.Hosts.Where(h => !routes.Any(r => r.Dst == h.Subnet && r.Gateway == h.LanAddress)).Select(h => $"{h.Subnet} via {h.LanAddress}").ToList();
                return (missing.Count == 0, $"missing {string.Join(", ", missing)}");
            },
            MeshReadyTimeout,
            $"the gateway in {report.Gateway.Namespace} learning every host subnet by RIP (see {report.Gateway.Log})",
            ct).ConfigureAwait(false);

        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var host in report.Hosts)
        {
            foreach (var lease in (await LeasesAsync(host, ct).ConfigureAwait(false)).Values)
            {
                if (lease.Name is { } name)
                    names[$"{name}.xen"] = lease.Address;
            }
        }

        await AwaitAsync(
            async () =>
            {
                var missing = new List<string>();
                foreach (var host in report.Hosts)
                {
                    var zone = await ZoneAsync(host, ct).ConfigureAwait(false);
                    missing.AddRange(names.Where(n => !zone.Any(e => e.Name == n.Key && e.Address == n.Value)).Select(n => $"{n.Key} on {host.Id}"));
                }

                return (missing.Count == 0, $"missing {string.Join(", ", missing)}");
            },
            MeshReadyTimeout,
            "every guest's name in every dom0's zone",
            ct).ConfigureAwait(false);
    }

    /// <summary>The gateway namespace's kernel routes (<c>ip -j route</c>).</summary>
    private async Task<List<DemoRoute>> GatewayRoutesAsync(CancellationToken ct)
    {
        var result = await Netns.ExecAsync(plan.NamespaceOf(Lan.GatewayName), NetworkNamespaces.Ip, ["-j", "-4", "route", "show"], ct).ConfigureAwait(false);
        if (!result.Succeeded || string.IsNullOrWhiteSpace(result.StandardOutput))
            return [];
        return JsonSerializer.Deserialize<List<DemoRoute>>(result.StandardOutput, DemoOutput.Json) ?? [];
    }

    /// <summary>The cluster's members as <paramref name="host"/> sees them (<c>cluster show -j</c>); none when it does not answer.</summary>
    private async Task<List<DemoMember>> MembersAsync(DemoHost host, CancellationToken ct)
    {
        var result = await Netns.ExecAsync(host.Namespace, DemoFiles.SelfCommand[0], [.. DemoFiles.SelfCommand.Skip(1), host.CommandHost, "cluster", "show", "-j"], ct).ConfigureAwait(false);
        if (!result.Succeeded)
            return [];
        return [.. result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonSerializer.Deserialize<DemoMember>(line, DemoOutput.Json))
            .OfType<DemoMember>()];
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; past <paramref name="timeout"/> fails naming what was awaited and the last state seen.</summary>
    private static async Task AwaitAsync(Func<Task<(bool Holds, string State)>> condition, TimeSpan timeout, string what, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var (holds, state) = await condition().ConfigureAwait(false);
            if (holds)
                return;
            if (clock.Elapsed > timeout)
                throw new DemoException($"gave up after {timeout.TotalSeconds} s waiting for {what}: {state}");
            await Task.Delay(TimeSpan.FromMilliseconds(250), ct).ConfigureAwait(false);
        }
    }

    /// <summary>A failed start removes the demo and its logs, so the failure carries the end of the program's log.</summary>
    private static async Task WithLogTailAsync(string log, Func<Task> step)
    {
        try
        {
            await step().ConfigureAwait(false);
        }
        catch (DemoException e)
        {
            var tail = File.Exists(log) ? (await File.ReadAllLinesAsync(log, CancellationToken.None).ConfigureAwait(false)).TakeLast(LogTailLines) : [];
            throw new DemoException($"{e.Message}{Environment.NewLine}last lines of {log}:{Environment.NewLine}{string.Join(Environment.NewLine, tail)}", e);
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
