using System.Text.Json;
using XenMesh.IntegrationTests.TestHost;
using XenMesh.Node.Linux;

namespace XenMesh.IntegrationTests.Demo;

/// <summary>
/// The README's first command: <c>xenmesh demo up --json</c> builds the dom0 and its guests, the
/// real hotplug script attaches each vif through the agent, <c>status</c> reports it and <c>down</c>
/// removes everything. Runs under its own prefix and state folder so a person's demo is untouched.
/// </summary>
public sealed class DemoTests : IAsyncLifetime
{
    private static readonly string Xenmesh = Path.Combine(AppContext.BaseDirectory, "xenmesh");
    private readonly string _prefix = TestPrefix.New();
    private readonly string _state = Path.Combine(Path.GetTempPath(), $"xmt-demo-{Guid.NewGuid():N}");

    public async ValueTask InitializeAsync() => await NetworkNamespace.RemoveLeftoversAsync(_prefix, TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        await DemoAsync(CancellationToken.None, "down");
        await NetworkNamespace.RemoveLeftoversAsync(_prefix, CancellationToken.None);
        if (Directory.Exists(_state))
            Directory.Delete(_state, recursive: true);
    }

    [Fact]
    public async Task Up_builds_the_dom0_with_guests_attached_through_the_hotplug_script_and_down_removes_it()
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
        Assert.All(guests, g => Assert.Equal(JsonValueKind.Null, g.GetProperty("address").ValueKind));

        var dom0 = $"{_prefix}-kubikal";
        var vifs = Programs.EnsureSucceeded(await Programs.RunAsync("ip", ["netns", "exec", dom0, Xenmesh, "vif", "list"], ct)).StandardOutput;
        Assert.Contains("vif1.0 | dom 1 xen1 | aa:cc:00:00:00:01 | br0 | attached", vifs, StringComparison.Ordinal);
        Assert.Contains("vif2.0 | dom 2 xen2 | aa:cc:00:00:00:02 | br0 | attached", vifs, StringComparison.Ordinal);
        var hotplugLog = await File.ReadAllTextAsync(Path.Combine(_state, "kubikal", "var-log", "xen", "xen-hotplug.log"), ct);
        Assert.Contains("vif1.0 on br0, attached by the agent", hotplugLog, StringComparison.Ordinal);

        var status = Programs.EnsureSucceeded(await DemoAsync(ct, "status"));
        Assert.Contains("guest xen1", status.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Count: 1 hosts, 2 guests", status.StandardOutput, StringComparison.Ordinal);
        var agentPid = host.GetProperty("agentPid").GetInt32();

        Programs.EnsureSucceeded(await DemoAsync(ct, "down"));

        Assert.DoesNotContain(await new NetworkNamespaces(new ProcessRunner()).ListAsync(ct), ns => ns.StartsWith(_prefix, StringComparison.Ordinal));
        Assert.False(Directory.Exists(Path.Combine("/proc", agentPid.ToString(System.Globalization.CultureInfo.InvariantCulture))), "the agent must be stopped");
        Assert.False(Directory.Exists(_state));
        Assert.Equal(1, (await DemoAsync(ct, "status")).ExitCode);
    }

    private Task<ProcessResult> DemoAsync(CancellationToken ct, params string[] arguments) =>
        Programs.RunAsync(Xenmesh, ["demo", .. arguments, "--prefix", _prefix, "--state-dir", _state], ct);
}
