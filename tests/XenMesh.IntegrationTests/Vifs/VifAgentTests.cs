using XenMesh.IntegrationTests.TestHost;

namespace XenMesh.IntegrationTests.Vifs;

/// <summary>
/// The real agent in a dom0 namespace, driven by the real client the way the hotplug script drives it,
/// checked against the kernel's view of the bridge.
/// </summary>
public sealed class VifAgentTests
{
    private const string Bridge = VifDom0.Bridge;
    private static readonly TimeSpan Convergence = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Online_attaches_and_registers_offline_detaches_and_forgets()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var dom0 = await VifDom0.CreateAsync(ct);
        var agent = await dom0.StartAgentAsync(ct);
        await dom0.AddVifAsync("vif5.0", ct);

        var online = await agent.CliAsync(ct, "vif", "online", "-v", "vif5.0", "-p", "backend/vif/5/0", "-m", "AA:CC:00:00:00:01", "-d", "xen1--incoming", "-u", "6f1c3ea4-0b6e-4a52-9a43-3c5e2d1b7f00", "-t", "1400");
        Assert.True(online.Succeeded, online.StandardError);
        var port = await dom0.Dom0.LinkAsync("vif5.0", ct);
        Assert.Equal(Bridge, port?.Master);
        Assert.True(port?.IsUp);
        Assert.Equal(1400, port?.Mtu);

        var listed = Assert.Single(await dom0.ListAsync(ct));
        Assert.Equal("vif5.0", listed.GetProperty("vif").GetString());
        Assert.Equal(5, listed.GetProperty("domId").GetInt32());
        Assert.Equal(0, listed.GetProperty("devId").GetInt32());
        Assert.Equal("aa:cc:00:00:00:01", listed.GetProperty("mac").GetString());
        Assert.Equal("xen1", listed.GetProperty("name").GetString());
        Assert.Equal("6f1c3ea4-0b6e-4a52-9a43-3c5e2d1b7f00", listed.GetProperty("uuid").GetString());
        Assert.Equal("attached", listed.GetProperty("state").GetString());
        var text = Programs.EnsureSucceeded(await agent.CliAsync(ct, "vif", "list")).StandardOutput;
        Assert.Equal(["vif5.0 | dom 5 xen1 | aa:cc:00:00:00:01 | br0 | attached", "Count: 1 vifs"], text.Split('\n', StringSplitOptions.RemoveEmptyEntries));

        var again = await agent.CliAsync(ct, "vif", "online", "-v", "vif5.0", "-p", "backend/vif/5/0", "-m", "aa:cc:00:00:00:01", "-d", "xen1", "-u", "6f1c3ea4-0b6e-4a52-9a43-3c5e2d1b7f00", "-t", "1400");
        Assert.True(again.Succeeded, again.StandardError);
        Assert.Contains("already registered", again.StandardOutput, StringComparison.Ordinal);

        var offline = await agent.CliAsync(ct, "vif", "offline", "-v", "vif5.0", "-p", "backend/vif/5/0");
        Assert.True(offline.Succeeded, offline.StandardError);
        Assert.Null((await dom0.Dom0.LinkAsync("vif5.0", ct))?.Master);
        Assert.Empty(await dom0.ListAsync(ct));

        await dom0.Dom0.IpAsync(ct, "link", "del", "dev", "vif5.0");
        var repeated = await agent.CliAsync(ct, "vif", "offline", "-v", "vif5.0", "-p", "backend/vif/5/0");
        Assert.True(repeated.Succeeded, repeated.StandardError);
        Assert.Contains("already gone", repeated.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_arguments_are_refused_and_change_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var dom0 = await VifDom0.CreateAsync(ct);
        var agent = await dom0.StartAgentAsync(ct);
        await dom0.AddVifAsync("vif5.0", ct);

        string[][] usage =
        [
            ["vif", "online", "-v", "vif5.0", "-p", "backend/vif/5/0"],
            ["vif", "online", "-v", "vif5.0", "-m", "aa:cc:00:00:00:01"],
            ["vif", "offline", "-p", "backend/vif/5/0"],
        ];
        foreach (var arguments in usage)
            Assert.Equal(2, (await agent.CliAsync(ct, arguments)).ExitCode);

        (string[] Arguments, string Named)[] refused =
        [
            (["-v", "vif5.0;reboot", "-p", "backend/vif/5/0", "-m", "aa:cc:00:00:00:01"], "vif5.0;reboot"),
            (["-v", "vif5.0", "-p", "backend/vif/6/0", "-m", "aa:cc:00:00:00:01"], "backend/vif/6/0"),
            (["-v", "vif0.0", "-p", "backend/vif/0/0", "-m", "aa:cc:00:00:00:01"], "domid 0"),
            (["-v", "vif5.0", "-p", "backend/vif/5/0", "-m", "01:00:5e:00:00:01"], "multicast"),
            (["-v", "vif5.0", "-p", "backend/vif/5/0", "-m", "aa:cc:00:00:00:01", "-t", "65536"], "MTU '65536'"),
            (["-v", "vif5.0", "-p", "backend/vif/5/0", "-m", "aa:cc:00:00:00:01", "-b", "-x"], "'-x'"),
        ];
        foreach (var (arguments, named) in refused)
        {
            var result = await agent.CliAsync(ct, ["vif", "online", .. arguments]);
            Assert.Equal(1, result.ExitCode);
            Assert.Contains(named, result.StandardError, StringComparison.Ordinal);
        }

        Assert.Null((await dom0.Dom0.LinkAsync("vif5.0", ct))?.Master);
        Assert.Empty(await dom0.ListAsync(ct));
    }

    [Fact]
    public async Task A_second_live_vif_with_the_same_mac_is_refused_and_reported()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var dom0 = await VifDom0.CreateAsync(ct);
        var agent = await dom0.StartAgentAsync(ct);
        await dom0.AddVifAsync("vif5.0", ct);
        await dom0.AddVifAsync("vif6.0", ct);

        Programs.EnsureSucceeded(await agent.CliAsync(ct, "vif", "online", "-v", "vif5.0", "-p", "backend/vif/5/0", "-m", "aa:cc:00:00:00:01", "-d", "xen1"));
        var second = await agent.CliAsync(ct, "vif", "online", "-v", "vif6.0", "-p", "backend/vif/6/0", "-m", "aa:cc:00:00:00:01", "-d", "xen2");

        Assert.Equal(1, second.ExitCode);
        Assert.Contains("already registered to vif5.0", second.StandardError, StringComparison.Ordinal);
        Assert.Equal(["vif5.0"], await dom0.ListedVifsAsync(ct));
    }

    [Fact]
    public async Task A_vif_on_another_existing_bridge_is_attached_there_and_not_registered()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var dom0 = await VifDom0.CreateAsync(ct);
        await dom0.Dom0.IpAsync(ct, "link", "add", "name", "xenbr1", "type", "bridge");
        var agent = await dom0.StartAgentAsync(ct);
        await dom0.AddVifAsync("vif5.0", ct);
        await dom0.AddVifAsync("vif6.0", ct);

        var other = await agent.CliAsync(ct, "vif", "online", "-v", "vif5.0", "-p", "backend/vif/5/0", "-m", "aa:cc:00:00:00:01", "-b", "xenbr1");
        Assert.True(other.Succeeded, other.StandardError);
        Assert.Equal("xenbr1", (await dom0.Dom0.LinkAsync("vif5.0", ct))?.Master);

        var missing = await agent.CliAsync(ct, "vif", "online", "-v", "vif6.0", "-p", "backend/vif/6/0", "-m", "aa:cc:00:00:00:02", "-b", "br9");
        Assert.Equal(1, missing.ExitCode);
        Assert.Null((await dom0.Dom0.LinkAsync("vif6.0", ct))?.Master);
        Assert.Empty(await dom0.ListAsync(ct));
    }

    [Fact]
    public async Task After_a_crash_registry_and_kernel_converge_on_restart()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var dom0 = await VifDom0.CreateAsync(ct);
        foreach (var vif in (string[])["vif5.0", "vif6.0", "vif7.0"])
            await dom0.AddVifAsync(vif, ct);
        var agent = await dom0.StartAgentAsync(ct);
        for (var domId = 5; domId <= 7; domId++)
        {
            Programs.EnsureSucceeded(await agent.CliAsync(
                ct, "vif", "online", "-v", $"vif{domId}.0", "-p", $"backend/vif/{domId}/0", "-m", $"aa:cc:00:00:00:0{domId}", "-d", $"xen{domId}"));
        }

        await agent.KillAsync();
        await dom0.Dom0.IpAsync(ct, "link", "set", "dev", "vif5.0", "nomaster");
        await dom0.Dom0.IpAsync(ct, "link", "del", "dev", "vif6.0");
        await dom0.AddVifAsync("vif8.0", ct);
        await dom0.Agent!.DisposeAsync();

        await dom0.StartAgentAsync(ct);
        await Eventually.HoldsAsync(
            async () =>
            {
                var listed = await dom0.ListAsync(ct);
                var ports = await dom0.Dom0.PortsAsync(Bridge, ct);
                var observed = $"listed [{string.Join(", ", listed.Select(v => $"{v.GetProperty("vif")}:{v.GetProperty("state")}"))}], ports of {Bridge} [{string.Join(", ", ports)}]";
                var converged = listed.Select(v => (v.GetProperty("vif").GetString(), v.GetProperty("state").GetString())).SequenceEqual([("vif5.0", "attached"), ("vif7.0", "attached")])
                    && ports.Order(StringComparer.Ordinal).SequenceEqual(["vif5.0", "vif7.0", "vif8.0"]);
                return (converged, observed);
            },
            Convergence,
            "registry and kernel agreeing after the restart",
            ct);
    }

    [Fact]
    public async Task An_unregistered_vif_found_at_start_is_registered_from_its_backend_in_xenstore()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var dom0 = await VifDom0.CreateAsync(ct);
        await dom0.AddVifAsync("vif9.0", ct);
        await dom0.AddVifAsync("vif10.0", ct);
        dom0.Xenstore.Write("backend/vif/9/0/mac", "00:16:3e:00:00:09");
        dom0.Xenstore.Write("backend/vif/9/0/bridge", Bridge);
        dom0.Xenstore.Write("backend/vif/9/0/mtu", "1450");
        dom0.Xenstore.Write("/local/domain/9/name", "web--incoming");
        dom0.Xenstore.Write("/local/domain/9/vm", "/vm/6f1c3ea4-0b6e-4a52-9a43-3c5e2d1b7f00");
        dom0.Xenstore.Write("backend/vif/10/0/mac", "ff:ff:ff:ff:ff:ff");

        await dom0.StartAgentAsync(ct, withXenstore: true);

        await Eventually.HoldsAsync(
            async () =>
            {
                var listed = await dom0.ListAsync(ct);
                var ports = await dom0.Dom0.PortsAsync(Bridge, ct);
                return (listed.Count == 1 && ports.Count == 2, $"{listed.Count} listed, ports [{string.Join(", ", ports)}]");
            },
            Convergence,
            "vif9.0 registered and both vifs attached",
            ct);
        var vif = Assert.Single(await dom0.ListAsync(ct));
        Assert.Equal("vif9.0", vif.GetProperty("vif").GetString());
        Assert.Equal("00:16:3e:00:00:09", vif.GetProperty("mac").GetString());
        Assert.Equal("web", vif.GetProperty("name").GetString());
        Assert.Equal("6f1c3ea4-0b6e-4a52-9a43-3c5e2d1b7f00", vif.GetProperty("uuid").GetString());
        Assert.Equal(1450, vif.GetProperty("mtu").GetInt32());
        Assert.Equal("attached", vif.GetProperty("state").GetString());
        Assert.Contains("vif10.0", dom0.Agent!.Output, StringComparison.Ordinal);
    }
}
