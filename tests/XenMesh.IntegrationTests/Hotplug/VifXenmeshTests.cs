using System.Diagnostics;
using XenMesh.IntegrationTests.TestHost;

namespace XenMesh.IntegrationTests.Hotplug;

/// <summary>
/// deploy/xen/vif-xenmesh against the real Debian script library in a namespace dom0, with no agent
/// listening: every event must still leave the port in the state vif-bridge would (fail-open).
/// </summary>
public sealed class VifXenmeshTests(XenScriptLibrary library) : SandboxedVifTests(library)
{
    [Fact]
    public async Task Online_with_the_agent_down_attaches_the_vif_brings_it_up_and_reports_connected()
    {
        var run = await Sandbox.RunScriptAsync("online", Vif.Name, Vif.BackendPath, ct: Ct);

        Assert.Equal(0, run.ExitCode);
        var link = await Sandbox.Dom0.LinkAsync(Vif.Name, Ct);
        Assert.NotNull(link);
        Assert.Equal(HotplugSandbox.Bridge, link.Master);
        Assert.True(link.IsUp);
        Assert.Equal("connected", Sandbox.Xenstore.Read($"{Vif.BackendPath}/hotplug-status"));
        Assert.Null(Sandbox.Xenstore.Read($"{Vif.BackendPath}/hotplug-error"));
        Assert.Contains($"agent {Sandbox.AgentEndpoint}:", run.Log, StringComparison.Ordinal);
        Assert.Contains("attached to br0 by this script (fail-open)", run.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Online_with_an_agent_that_never_answers_still_attaches_well_within_libxls_timeout()
    {
        using var silentAgent = NamespaceSockets.ListenOnLoopback(Sandbox.Dom0, 9110);
        Sandbox.AgentEndpoint = "127.0.0.1:9110";
        var clock = Stopwatch.StartNew();

        var run = await Sandbox.RunScriptAsync("online", Vif.Name, Vif.BackendPath, ct: Ct);

        Assert.Equal(0, run.ExitCode);
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(15));
        Assert.Equal(HotplugSandbox.Bridge, (await Sandbox.Dom0.LinkAsync(Vif.Name, Ct))?.Master);
        Assert.Equal("connected", Sandbox.Xenstore.Read($"{Vif.BackendPath}/hotplug-status"));
    }

    [Fact]
    public async Task Online_gives_the_port_the_backend_mtu()
    {
        Sandbox.Xenstore.Write($"{Vif.BackendPath}/mtu", "9000");

        var run = await Sandbox.RunScriptAsync("online", Vif.Name, Vif.BackendPath, ct: Ct);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(9000, (await Sandbox.Dom0.LinkAsync(Vif.Name, Ct))?.Mtu);
    }

    [Fact]
    public async Task Online_without_a_backend_mtu_gives_the_port_the_bridge_mtu()
    {
        await Sandbox.Dom0.IpAsync(Ct, "link", "set", "dev", HotplugSandbox.Bridge, "mtu", "1400");

        var run = await Sandbox.RunScriptAsync("online", Vif.Name, Vif.BackendPath, ct: Ct);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(1400, (await Sandbox.Dom0.LinkAsync(Vif.Name, Ct))?.Mtu);
    }

    [Fact]
    public async Task Online_attaches_the_port_under_the_backend_vifname()
    {
        Sandbox.Xenstore.Write($"{Vif.BackendPath}/vifname", "xen1-eth0");

        var run = await Sandbox.RunScriptAsync("online", Vif.Name, Vif.BackendPath, ct: Ct);

        Assert.Equal(0, run.ExitCode);
        Assert.Null(await Sandbox.Dom0.LinkAsync(Vif.Name, Ct));
        Assert.Equal(["xen1-eth0"], await Sandbox.Dom0.PortsAsync(HotplugSandbox.Bridge, Ct));
        Assert.Equal("connected", Sandbox.Xenstore.Read($"{Vif.BackendPath}/hotplug-status"));
    }

    [Fact]
    public async Task Online_reads_only_the_backend_and_the_domains_own_dom0_owned_nodes()
    {
        Sandbox.Xenstore.Write($"{Vif.FrontendPath}/mac", "aa:cc:00:00:00:99");

        var run = await Sandbox.RunScriptAsync("online", Vif.Name, Vif.BackendPath, ct: Ct);

        Assert.Equal(0, run.ExitCode);
        var paths = run.Calls
            .Where(call => call.StartsWith("xenstore-read ", StringComparison.Ordinal))
            .Select(call => call["xenstore-read ".Length..])
            .Distinct()
            .Order(StringComparer.Ordinal);
        Assert.Equal(
            [
                "/local/domain/5/name",
                "/local/domain/5/vm",
                $"/vm/{Uuid:D}/uuid",
                $"{Vif.BackendPath}/bridge",
                $"{Vif.BackendPath}/ip",
                $"{Vif.BackendPath}/mac",
                $"{Vif.BackendPath}/mtu",
                $"{Vif.BackendPath}/vifname",
            ],
            paths);
    }

    [Fact]
    public async Task Offline_detaches_the_vif_and_exits_zero()
    {
        Assert.Equal(0, (await Sandbox.RunScriptAsync("online", Vif.Name, Vif.BackendPath, ct: Ct)).ExitCode);

        var run = await Sandbox.RunScriptAsync("offline", Vif.Name, Vif.BackendPath, ct: Ct);

        Assert.Equal(0, run.ExitCode);
        Assert.Null((await Sandbox.Dom0.LinkAsync(Vif.Name, Ct))?.Master);
        Assert.Empty(await Sandbox.Dom0.PortsAsync(HotplugSandbox.Bridge, Ct));
        Assert.Contains($"{Vif.Name} released", run.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Offline_after_the_device_is_gone_exits_zero()
    {
        Assert.Equal(0, (await Sandbox.RunScriptAsync("online", Vif.Name, Vif.BackendPath, ct: Ct)).ExitCode);
        await Sandbox.Dom0.IpAsync(Ct, "link", "delete", "dev", Vif.Name);

        var run = await Sandbox.RunScriptAsync("offline", Vif.Name, Vif.BackendPath, ct: Ct);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"{Vif.Name} is gone", run.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_and_remove_attach_and_release_the_emu_tap_without_touching_hotplug_status()
    {
        await Sandbox.AddEmulatedNicAsync(Vif, Ct);
        var tap = new Dictionary<string, string> { ["INTERFACE"] = Vif.EmulatedName };

        var add = await Sandbox.RunScriptAsync("add", Vif.Name, Vif.BackendPath, "tap", tap, Ct);

        Assert.Equal(0, add.ExitCode);
        var link = await Sandbox.Dom0.LinkAsync(Vif.EmulatedName, Ct);
        Assert.NotNull(link);
        Assert.Equal(HotplugSandbox.Bridge, link.Master);
        Assert.True(link.IsUp);
        Assert.Equal(string.Empty, Sandbox.Xenstore.Read($"{Vif.BackendPath}/hotplug-status"));
        Assert.Equal([Vif.EmulatedName], await Sandbox.Dom0.PortsAsync(HotplugSandbox.Bridge, Ct));

        var remove = await Sandbox.RunScriptAsync("remove", Vif.Name, Vif.BackendPath, "tap", tap, Ct);

        Assert.Equal(0, remove.ExitCode);
        Assert.Empty(await Sandbox.Dom0.PortsAsync(HotplugSandbox.Bridge, Ct));
    }

    [Theory]
    [InlineData("online", "tap")]
    [InlineData("offline", "tap")]
    [InlineData("add", "vif")]
    [InlineData("remove", "vif")]
    public async Task A_run_for_the_other_interface_type_exits_zero_at_once(string action, string typeIf)
    {
        var run = await Sandbox.RunScriptAsync(action, Vif.Name, Vif.BackendPath, typeIf, ct: Ct);

        Assert.Equal(0, run.ExitCode);
        Assert.Empty(run.Calls);
        Assert.Null(run.Log);
        Assert.Empty(await Sandbox.Dom0.PortsAsync(HotplugSandbox.Bridge, Ct));
    }
}
