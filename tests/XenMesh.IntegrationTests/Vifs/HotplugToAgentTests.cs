using XenMesh.IntegrationTests.Hotplug;
using XenMesh.IntegrationTests.TestHost;

namespace XenMesh.IntegrationTests.Vifs;

/// <summary>
/// The whole path of a vif event: libxl runs deploy/xen/vif-xenmesh (with the real Xen script library
/// and a fake xenstore), the script calls the real client, the real agent attaches and registers.
/// </summary>
public sealed class HotplugToAgentTests(XenScriptLibrary library)
{
    [Fact]
    public async Task The_hotplug_script_registers_and_forgets_a_vif_through_the_agent()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var sandbox = await HotplugSandbox.CreateAsync(library, ct);
        await using var agent = await AgentProcess.StartAsync(
            new AgentOptions(sandbox.Dom0, Path.Combine(sandbox.Folder, "agent"), sandbox.Prefix) { CommandPort = 9110 },
            ct);
        sandbox.AgentEndpoint = agent.Endpoint;
        Programs.EnsureSucceeded(await agent.CliAsync(ct, "vif", "list"));
        var uuid = Guid.Parse("6f1c3ea4-0b6e-4a52-9a43-3c5e2d1b7f00");
        var vif = await sandbox.AddGuestVifAsync(5, 0, "00:16:3e:00:00:05", "xen1--incoming", uuid, ct);

        var online = await sandbox.RunScriptAsync("online", vif.Name, vif.BackendPath, ct: ct);

        Assert.Equal(0, online.ExitCode);
        Assert.Equal("connected", sandbox.Xenstore.Read($"{vif.BackendPath}/hotplug-status"));
        Assert.Equal(HotplugSandbox.Bridge, (await sandbox.Dom0.LinkAsync(vif.Name, ct))?.Master);
        var listed = Programs.EnsureSucceeded(await agent.CliAsync(ct, "vif", "list")).StandardOutput;
        Assert.Contains("vif5.0 | dom 5 xen1 | 00:16:3e:00:00:05 | br0 | attached", listed, StringComparison.Ordinal);

        var offline = await sandbox.RunScriptAsync("offline", vif.Name, vif.BackendPath, ct: ct);

        Assert.Equal(0, offline.ExitCode);
        listed = Programs.EnsureSucceeded(await agent.CliAsync(ct, "vif", "list")).StandardOutput;
        Assert.Contains("Count: 0 vifs", listed, StringComparison.Ordinal);
    }
}
