using XenMesh.IntegrationTests.TestHost;

namespace XenMesh.IntegrationTests.Dhcp;

/// <summary>The <c>lease</c> palette through the real client against the agent serving a real guest.</summary>
public sealed class LeaseCommandTests
{
    [Fact]
    public async Task A_reservation_survives_a_crash_the_guest_gets_it_with_its_name_and_release_frees_it()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var dom0 = await DhcpDom0.CreateAsync(ct, DhcpClientTests.OriginalRange);
        var agent = await dom0.StartAgentAsync(ct);
        var guest = await dom0.AddGuestAsync("xen1", 5, "aa:cc:00:00:00:05", "xen1", ct);

        var reserved = await agent.CliAsync(ct, "lease", "reserve", "-m", guest.Mac, "-i", "192.168.0.50", "-n", "web");
        Assert.True(reserved.Succeeded, reserved.StandardError);
        Assert.Equal("192.168.0.50 reserved for aa:cc:00:00:00:05 as web", reserved.StandardOutput.Trim());
        Assert.Equal("192.168.0.0/24 | used 0/252 | offered 0 | declined 0", Programs.EnsureSucceeded(await agent.CliAsync(ct, "lease", "pool")).StandardOutput.Trim());
        var refused = await agent.CliAsync(ct, "lease", "reserve", "-m", "aa:cc:00:00:00:06", "-i", "192.168.0.50");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("192.168.0.50 is reserved for aa:cc:00:00:00:05", refused.StandardError, StringComparison.Ordinal);

        await dom0.KillAgentAsync();
        agent = await dom0.StartAgentAsync(ct);
        await using var udhcpc = new Udhcpc(guest);
        var bound = await udhcpc.StartAsync(ct);

        Assert.Equal(("192.168.0.50", "web"), (bound["ip"], bound["hostname"]));
        var shown = Programs.EnsureSucceeded(await agent.CliAsync(ct, "lease", "show", "-i", "192.168.0.50")).StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("mac: aa:cc:00:00:00:05", shown);
        Assert.Contains("vif: vif5.0", shown);
        Assert.Contains("name: web", shown);
        Assert.Contains("name source: Reservation", shown);
        Assert.Contains("state: bound", shown);

        var released = await agent.CliAsync(ct, "lease", "release", "-m", guest.Mac);
        Assert.True(released.Succeeded, released.StandardError);
        Assert.Equal("released 192.168.0.50 of aa:cc:00:00:00:05", released.StandardOutput.Trim());
        Assert.Equal("Count: 0 leases", Programs.EnsureSucceeded(await agent.CliAsync(ct, "lease", "list")).StandardOutput.Trim());
        Assert.Equal(1, (await agent.CliAsync(ct, "lease", "show", "-m", guest.Mac)).ExitCode);
    }
}
