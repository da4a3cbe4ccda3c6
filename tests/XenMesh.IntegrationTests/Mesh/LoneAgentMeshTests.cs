using XenMesh.IntegrationTests.Dhcp;
using XenMesh.IntegrationTests.TestHost;

namespace XenMesh.IntegrationTests.Mesh;

/// <summary>
/// The agent without a <c>cluster</c> section, as the demo and every other test run it: a cluster of one
/// whose registry publishes the dom0's own name and its guests' names, seen through the real CLI.
/// </summary>
public sealed class LoneAgentMeshTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_lone_agent_is_a_cluster_of_one_that_publishes_its_own_and_its_guests_names()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var dom0 = await DhcpDom0.CreateAsync(ct, DhcpClientTests.OriginalRange);
        var agent = await dom0.StartAgentAsync(ct);
        var guest = await dom0.AddGuestAsync("xen1", 5, "aa:cc:00:00:00:05", "xen1", ct);
        await using var udhcpc = new Udhcpc(guest);
        await udhcpc.StartAsync(ct);

        var show = Programs.EnsureSucceeded(await agent.CliAsync(ct, "cluster", "show")).StandardOutput.Trim().Split('\n');
        Assert.Equal(2, show.Length);
        Assert.Matches(@"^akka\.tcp://xenmesh@127\.0\.0\.1:\d+ \| \[dom0\] \| up \| reachable$", show[0]);
        Assert.Equal("Count: 1 node", show[1]);

        var expected = $"{agent.Options.HostId} | - | 192.168.0.0/24 | leases ";
        await Eventually.HoldsAsync(
            async () =>
            {
                var hosts = (await agent.CliAsync(ct, "host", "list")).StandardOutput;
                return (hosts.Contains(expected, StringComparison.Ordinal) && hosts.Contains(" | names 2\nCount: 1 host", StringComparison.Ordinal), hosts);
            },
            Timeout,
            "host list showing this dom0 with its own name and xen1",
            ct);
        Assert.Equal("Count: 0 conflicts", Programs.EnsureSucceeded(await agent.CliAsync(ct, "dns", "conflicts")).StandardOutput.Trim());
    }
}
