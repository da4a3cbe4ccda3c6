using System.Text.Json;
using XenMesh.IntegrationTests.TestHost;
using XenMesh.Node.Linux;

namespace XenMesh.IntegrationTests.Demo;

/// <summary>
/// The README's first command: <c>xenmesh demo up --json</c> builds the dom0 and its guests, the
/// real hotplug script attaches each vif through the agent, each guest's ISC dhclient gets its
/// address from the agent, <c>status</c> reports it and <c>down</c> removes everything. Runs under
/// its own prefix and state folder so a person's demo is untouched.
/// </summary>
public sealed class DemoTests : IAsyncLifetime
{
    private static readonly string Xenmesh = Path.Combine(AppContext.BaseDirectory, "xenmesh");
    private readonly string _prefix = TestPrefix.New();
    private readonly string _state = Path.Combine(Path.GetTempPath(), $"xmt-demo-{Guid.NewGuid():N}");

    public async ValueTask InitializeAsync() => await NetworkNamespace.RemoveLeftoversAsync(_prefix, TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        var dhclients = DhclientPids();
        await DemoAsync(CancellationToken.None, "down");

        // Should down have failed to stop them: the guests' dhclients of this run, by the PIDs in their pid files.
        foreach (var pid in dhclients)
        {
            if (File.Exists($"/proc/{pid}/cmdline") && File.ReadAllText($"/proc/{pid}/cmdline").Contains(_state, StringComparison.Ordinal))
                await Programs.RunAsync("kill", ["-KILL", pid], CancellationToken.None);
        }

        await NetworkNamespace.RemoveLeftoversAsync(_prefix, CancellationToken.None);
        if (Directory.Exists(_state))
            Directory.Delete(_state, recursive: true);
    }

    [Fact]
    public async Task Up_builds_the_dom0_with_guests_attached_by_the_hotplug_script_and_addressed_by_dhcp_and_down_removes_it()
    {
        var ct = TestContext.Current.CancellationToken;

        var up = Programs.EnsureSucceeded(await DemoAsync(ct, "up", "--json"));

        var host = Assert.Single(JsonDocument.Parse(up.StandardOutput).RootElement.GetProperty("hosts").EnumerateArray());
        Assert.Equal("kubikal", host.GetProperty("id").GetString());
        Assert.Equal($"{_prefix}-kubikal", host.GetProperty("namespace").GetString());
        Assert.Equal("br0", host.GetProperty("bridge").GetString());
        Assert.Equal("192.168.0.254/24", host.GetProperty("address").GetString());
        Assert.True(host.GetProperty("agentRunning").GetBoolean());
        var guests = host.GetProperty("guests").EnumerateArray().ToList();
        Assert.Equal(["xen1", "xen2"], guests.Select(g => g.GetProperty("name").GetString()));
        Assert.Equal(["vif1.0", "vif2.0"], guests.Select(g => g.GetProperty("vif").GetString()));
        Assert.Equal(["aa:cc:00:00:00:01", "aa:cc:00:00:00:02"], guests.Select(g => g.GetProperty("mac").GetString()));
        Assert.All(guests, g => Assert.True(g.GetProperty("attached").GetBoolean()));
        var addresses = guests.Select(g => g.GetProperty("address").GetString()).ToList();
        Assert.All(addresses, a => Assert.Matches(@"\A192\.168\.0\.([1-9]|[1-9][0-9]|1[0-9][0-9]|2[0-4][0-9]|25[0-3])\z", a));
        Assert.Equal(addresses.Count, addresses.Distinct().Count());
        Assert.Equal(["xen1", "xen2"], guests.Select(g => g.GetProperty("dnsName").GetString()));
        for (var i = 0; i < guests.Count; i++)
        {
            var configured = Programs.EnsureSucceeded(await Programs.RunAsync("ip", ["-n", $"{_prefix}-xen{i + 1}", "-4", "-o", "addr", "show", "dev", "eth0"], ct)).StandardOutput;
            Assert.Contains($"inet {addresses[i]}/24", configured, StringComparison.Ordinal);
        }

        var dom0 = $"{_prefix}-kubikal";
        var vifs = Programs.EnsureSucceeded(await Programs.RunAsync("ip", ["netns", "exec", dom0, Xenmesh, "vif", "list"], ct)).StandardOutput;
        Assert.Contains("vif1.0 | dom 1 xen1 | aa:cc:00:00:00:01 | br0 | attached", vifs, StringComparison.Ordinal);
        Assert.Contains("vif2.0 | dom 2 xen2 | aa:cc:00:00:00:02 | br0 | attached", vifs, StringComparison.Ordinal);
        var hotplugLog = await File.ReadAllTextAsync(Path.Combine(_state, "kubikal", "var-log", "xen", "xen-hotplug.log"), ct);
        Assert.Contains("vif1.0 on br0, attached by the agent", hotplugLog, StringComparison.Ordinal);

        var leases = Programs.EnsureSucceeded(await Programs.RunAsync("ip", ["netns", "exec", dom0, Xenmesh, "lease", "list"], ct)).StandardOutput;
        Assert.Contains($"{addresses[0]} | aa:cc:00:00:00:01 | vif1.0 | xen1 | bound | expires ", leases, StringComparison.Ordinal);
        Assert.Contains($"{addresses[1]} | aa:cc:00:00:00:02 | vif2.0 | xen2 | bound | expires ", leases, StringComparison.Ordinal);
        var dhclients = DhclientPids();
        Assert.Equal(2, dhclients.Count);

        var zone = host.GetProperty("zone").EnumerateArray().ToDictionary(e => e.GetProperty("name").GetString()!, e => e.GetProperty("address").GetString());
        Assert.Equal(addresses[0], zone["xen1.xen"]);
        Assert.Equal(addresses[1], zone["xen2.xen"]);
        Assert.Equal("192.168.0.254", zone["kubikal.xen"]);

        // Each guest resolves the other through its own resolv.conf (filled from its lease: the dom0 at 192.168.0.254).
        for (var i = 0; i < guests.Count; i++)
        {
            var other = 1 - i;
            var resolved = Programs.EnsureSucceeded(await Programs.RunAsync("ip", ["netns", "exec", $"{_prefix}-xen{i + 1}", "dig", "+short", "+tries=1", "+time=5", $"xen{other + 1}.xen"], ct)).StandardOutput.Trim();
            Assert.Equal(addresses[other], resolved);
            var search = Programs.EnsureSucceeded(await Programs.RunAsync("ip", ["netns", "exec", $"{_prefix}-xen{i + 1}", "getent", "hosts", $"xen{other + 1}"], ct)).StandardOutput;
            Assert.StartsWith(addresses[other] + " ", search, StringComparison.Ordinal);
        }

        var status = Programs.EnsureSucceeded(await DemoAsync(ct, "status"));
        Assert.Contains($"zone xen2.xen | {addresses[1]} | owner kubikal | ttl 30s", status.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("guest xen1", status.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"address {addresses[0]} | name xen1", status.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Count: 1 hosts, 2 guests", status.StandardOutput, StringComparison.Ordinal);
        var agentPid = host.GetProperty("agentPid").GetInt32();

        Programs.EnsureSucceeded(await DemoAsync(ct, "down"));

        Assert.DoesNotContain(await new NetworkNamespaces(new ProcessRunner()).ListAsync(ct), ns => ns.StartsWith(_prefix, StringComparison.Ordinal));
        Assert.False(Directory.Exists(Path.Combine("/proc", agentPid.ToString(System.Globalization.CultureInfo.InvariantCulture))), "the agent must be stopped");
        Assert.All(dhclients, pid => Assert.False(Directory.Exists(Path.Combine("/proc", pid)), $"dhclient {pid} must be stopped"));
        Assert.False(Directory.Exists(_state));
        Assert.Empty(Directory.Exists("/etc/netns") ? Directory.GetDirectories("/etc/netns", _prefix + "-*") : []);
        Assert.Equal(1, (await DemoAsync(ct, "status")).ExitCode);
    }

    private List<string> DhclientPids()
    {
        var guests = Path.Combine(_state, "kubikal", "guests");
        return Directory.Exists(guests)
            ? [.. Directory.GetFiles(guests, "dhclient.pid", SearchOption.AllDirectories).Select(f => File.ReadAllText(f).Trim())]
            : [];
    }

    private Task<ProcessResult> DemoAsync(CancellationToken ct, params string[] arguments) =>
        Programs.RunAsync(Xenmesh, ["demo", .. arguments, "--prefix", _prefix, "--state-dir", _state], ct);
}
