using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using XenMesh.IntegrationTests.TestHost;
using XenMesh.Node.Linux;

namespace XenMesh.IntegrationTests.Demo;

/// <summary>
/// The README's first command: <c>xenmesh demo up --json</c> builds a LAN with a BIRD gateway and a LAN
/// client, and three dom0s on it whose agents form one cluster; the real hotplug script attaches each vif
/// through its agent, each guest's ISC dhclient gets its address from its dom0, every dom0 answers every
/// guest's name, the gateway learns every host subnet by RIP and the LAN client reaches a guest on each
/// dom0 through it; <c>status</c> reports it all and <c>down</c> removes everything. Runs under its own
/// prefix and state folder so a person's demo is untouched.
/// </summary>
public sealed class DemoTests : IAsyncLifetime
{
    /// <summary>Three agents and BIRD start one after the other, on a machine that may be busy.</summary>
    private static readonly TimeSpan UpTimeout = TimeSpan.FromMinutes(8);

    private static readonly string Xenmesh = Path.Combine(AppContext.BaseDirectory, "xenmesh");

    /// <summary>Per host: id, subnet's third octet, LAN address, guests (Xen domain name, MAC) in plan order.</summary>
    private static readonly (string Id, int Octet, string Lan, (string Name, string Mac)[] Guests)[] Hosts =
    [
        ("kubikal", 0, "192.168.11.100", [("xen1", "aa:cc:00:00:00:01"), ("xen2", "aa:cc:00:00:00:02")]),
        ("rack2", 1, "192.168.11.101", [("web", "aa:cc:00:01:00:01"), ("mail", "aa:cc:00:01:00:02")]),
        ("rack3", 2, "192.168.11.102", [("app", "aa:cc:00:02:00:01"), ("cache", "aa:cc:00:02:00:02")]),
    ];

    private readonly string _prefix = TestPrefix.New();
    private readonly string _state = Path.Combine(Path.GetTempPath(), $"xmt-demo-{Guid.NewGuid():N}");

    public async ValueTask InitializeAsync() => await NetworkNamespace.RemoveLeftoversAsync(_prefix, TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        var started = OwnPids();
        await DemoAsync(CancellationToken.None, "down");

        // Should down have failed to stop them: the agents, BIRD and dhclients of this run, by the PIDs in their pid files.
        foreach (var pid in started)
        {
            if (IsRunningFromThisDemo(pid))
                await Programs.RunAsync("kill", ["-KILL", pid], CancellationToken.None);
        }

        await NetworkNamespace.RemoveLeftoversAsync(_prefix, CancellationToken.None);
        if (Directory.Exists(_state))
            Directory.Delete(_state, recursive: true);
    }

    [Fact]
    public async Task Up_builds_three_dom0s_a_gateway_that_learns_their_subnets_and_a_lan_client_that_reaches_their_guests_and_down_removes_it()
    {
        var ct = TestContext.Current.CancellationToken;

        var clock = Stopwatch.StartNew();
        var up = Programs.EnsureSucceeded(await DemoAsync(ct, "up", "--json"));
        TestContext.Current.TestOutputHelper?.WriteLine($"demo up: {clock.Elapsed.TotalSeconds:F1} s");
        var report = JsonDocument.Parse(up.StandardOutput).RootElement;

        var lan = report.GetProperty("lan");
        Assert.Equal($"{_prefix}-lan", lan.GetProperty("namespace").GetString());
        Assert.Equal("lan0", lan.GetProperty("bridge").GetString());
        Assert.Equal("192.168.11.0/24", lan.GetProperty("subnet").GetString());

        var hosts = report.GetProperty("hosts").EnumerateArray().ToList();
        Assert.Equal(Hosts.Select(h => h.Id), hosts.Select(h => h.GetProperty("id").GetString()));
        var addresses = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var h = 0; h < Hosts.Length; h++)
        {
            var (id, octet, lanAddress, planned) = Hosts[h];
            var host = hosts[h];
            Assert.Equal($"{_prefix}-{id}", host.GetProperty("namespace").GetString());
            Assert.Equal("br0", host.GetProperty("bridge").GetString());
            Assert.Equal(Invariant($"192.168.{octet}.254/24"), host.GetProperty("address").GetString());
            Assert.Equal(Invariant($"192.168.{octet}.0/24"), host.GetProperty("subnet").GetString());
            Assert.Equal(lanAddress, host.GetProperty("lanAddress").GetString());
            Assert.True(host.GetProperty("agentRunning").GetBoolean());
            var guests = host.GetProperty("guests").EnumerateArray().ToList();
            Assert.Equal(planned.Select(g => g.Name), guests.Select(g => g.GetProperty("name").GetString()));
            Assert.Equal(planned.Select(g => g.Mac), guests.Select(g => g.GetProperty("mac").GetString()));
            Assert.Equal(["vif1.0", "vif2.0"], guests.Select(g => g.GetProperty("vif").GetString()));
            Assert.Equal(planned.Select(g => g.Name), guests.Select(g => g.GetProperty("dnsName").GetString()));
            foreach (var guest in guests)
            {
                var name = guest.GetProperty("name").GetString()!;
                Assert.True(guest.GetProperty("attached").GetBoolean(), $"{name} attached");
                var address = guest.GetProperty("address").GetString()!;
                Assert.Matches(Invariant($@"\A192\.168\.{octet}\.([1-9]|[1-9][0-9]|1[0-9][0-9]|2[0-4][0-9]|25[0-3])\z"), address);
                addresses[name] = address;
                var configured = Programs.EnsureSucceeded(await Programs.RunAsync("ip", ["-n", $"{_prefix}-{name}", "-4", "-o", "addr", "show", "dev", "eth0"], ct)).StandardOutput;
                Assert.Contains($"inet {address}/24", configured, StringComparison.Ordinal);
            }
        }

        Assert.Equal(addresses.Count, addresses.Values.Distinct().Count());

        var kubikal = $"{_prefix}-kubikal";
        var vifs = Programs.EnsureSucceeded(await Programs.RunAsync("ip", ["netns", "exec", kubikal, Xenmesh, "vif", "list"], ct)).StandardOutput;
        Assert.Contains("vif1.0 | dom 1 xen1 | aa:cc:00:00:00:01 | br0 | attached", vifs, StringComparison.Ordinal);
        Assert.Contains("vif2.0 | dom 2 xen2 | aa:cc:00:00:00:02 | br0 | attached", vifs, StringComparison.Ordinal);
        var hotplugLog = await File.ReadAllTextAsync(Path.Combine(_state, "kubikal", "var-log", "xen", "xen-hotplug.log"), ct);
        Assert.Contains("vif1.0 on br0, attached by the agent", hotplugLog, StringComparison.Ordinal);
        var leases = Programs.EnsureSucceeded(await Programs.RunAsync("ip", ["netns", "exec", kubikal, Xenmesh, "lease", "list"], ct)).StandardOutput;
        Assert.Contains($"{addresses["xen1"]} | aa:cc:00:00:00:01 | vif1.0 | xen1 | bound | expires ", leases, StringComparison.Ordinal);
        Assert.Contains($"{addresses["xen2"]} | aa:cc:00:00:00:02 | vif2.0 | xen2 | bound | expires ", leases, StringComparison.Ordinal);
        var started = OwnPids();
        Assert.Equal(6 + 3 + 1, started.Count);

        // Every dom0's zone holds every guest and every dom0, whoever owns it.
        foreach (var host in hosts)
        {
            var zone = host.GetProperty("zone").EnumerateArray().ToDictionary(e => e.GetProperty("name").GetString()!, e => e.GetProperty("address").GetString());
            foreach (var (name, address) in addresses)
                Assert.Equal(address, zone[$"{name}.xen"]);
            for (var h = 0; h < Hosts.Length; h++)
                Assert.Equal(Invariant($"192.168.{Hosts[h].Octet}.254"), zone[$"{Hosts[h].Id}.xen"]);
        }

        // Across the LAN: each dom0 asks the next dom0's DNS server (its bridge address, reached through the gateway) for every guest.
        for (var h = 0; h < Hosts.Length; h++)
        {
            var next = Hosts[(h + 1) % Hosts.Length];
            foreach (var (name, address) in addresses)
            {
                var answer = Programs.EnsureSucceeded(await Programs.RunAsync("ip", ["netns", "exec", $"{_prefix}-{Hosts[h].Id}", "dig", "+short", "+norec", "+tries=1", "+time=5", Invariant($"@192.168.{next.Octet}.254"), $"{name}.xen"], ct)).StandardOutput.Trim();
                Assert.Equal(address, answer);
            }
        }

        // A guest resolves a guest of another host by its bare name through its own resolv.conf (its dom0, search xen).
        var byName = Programs.EnsureSucceeded(await Programs.RunAsync("ip", ["netns", "exec", $"{_prefix}-xen1", "getent", "hosts", "cache"], ct)).StandardOutput;
        Assert.StartsWith(addresses["cache"] + " ", byName, StringComparison.Ordinal);

        var gateway = report.GetProperty("gateway");
        Assert.Equal($"{_prefix}-gw", gateway.GetProperty("namespace").GetString());
        Assert.Equal("192.168.11.254", gateway.GetProperty("address").GetString());
        Assert.True(gateway.GetProperty("birdRunning").GetBoolean());
        var routes = gateway.GetProperty("routes").EnumerateArray().ToDictionary(r => r.GetProperty("dst").GetString()!);
        foreach (var (_, octet, lanAddress, _) in Hosts)
        {
            var route = routes[Invariant($"192.168.{octet}.0/24")];
            Assert.Equal(lanAddress, route.GetProperty("gateway").GetString());
            Assert.Equal("bird", route.GetProperty("protocol").GetString());
        }

        // Real traffic through the learned routes: client -> gateway -> dom0 -> br0 -> guest, and back; one guest per dom0.
        var client = report.GetProperty("lanClient");
        Assert.Equal("192.168.11.50", client.GetProperty("address").GetString());
        foreach (var guest in new[] { "xen1", "mail", "app" })
        {
            await Eventually.HoldsAsync(
                async () =>
                {
                    var ping = await Programs.RunAsync("ip", ["netns", "exec", client.GetProperty("namespace").GetString()!, "busybox", "ping", "-c", "1", "-W", "2", addresses[guest]], ct);
                    return (ping.Succeeded, ping.StandardOutput + ping.StandardError);
                },
                TimeSpan.FromSeconds(30),
                $"the LAN client pinging {guest} at {addresses[guest]}",
                ct);
        }

        var status = Programs.EnsureSucceeded(await DemoAsync(ct, "status")).StandardOutput;
        Assert.Contains($"zone cache.xen | {addresses["cache"]} | owner rack3 | ttl 30s", status, StringComparison.Ordinal);
        Assert.Contains($"address {addresses["xen1"]} | name xen1", status, StringComparison.Ordinal);
        Assert.Contains("route 192.168.1.0/24 | via 192.168.11.101 | dev eth0 | proto bird", status, StringComparison.Ordinal);
        Assert.Contains("Count: 3 hosts, 6 guests", status, StringComparison.Ordinal);

        clock.Restart();
        Programs.EnsureSucceeded(await DemoAsync(ct, "down"));
        TestContext.Current.TestOutputHelper?.WriteLine($"demo down: {clock.Elapsed.TotalSeconds:F1} s");

        Assert.DoesNotContain(await new NetworkNamespaces(new ProcessRunner()).ListAsync(ct), ns => ns.StartsWith(_prefix, StringComparison.Ordinal));
        Assert.All(started, pid => Assert.False(IsRunningFromThisDemo(pid), $"{pid} must be stopped"));
        Assert.False(Directory.Exists(_state));
        Assert.Empty(Directory.Exists("/etc/netns") ? Directory.GetDirectories("/etc/netns", _prefix + "-*") : []);
        Assert.Equal(1, (await DemoAsync(ct, "status")).ExitCode);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>The PIDs in this run's pid files: every agent, BIRD and every guest's dhclient.</summary>
    // The daemons outlive `demo up` and are reaped by init, so an exited one can linger as a zombie in /proc;
    // its command line is empty then, and it no longer names this run's state folder.
    private bool IsRunningFromThisDemo(string pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Contains(_state, StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private List<string> OwnPids() =>
        Directory.Exists(_state)
            ? [.. Directory.GetFiles(_state, "*.pid", SearchOption.AllDirectories).Select(f => File.ReadAllText(f).Trim())]
            : [];

    private Task<ProcessResult> DemoAsync(CancellationToken ct, params string[] arguments) =>
        Programs.RunAsync(Xenmesh, ["demo", .. arguments, "--prefix", _prefix, "--state-dir", _state], ProcessOptions.Default, UpTimeout, ct);
}
