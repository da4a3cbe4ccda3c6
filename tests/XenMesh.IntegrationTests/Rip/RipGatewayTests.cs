using System.Diagnostics;
using XenMesh.IntegrationTests.TestHost;

namespace XenMesh.IntegrationTests.Rip;

/// <summary>
/// The agent's RIPv2 speaker against BIRD 2 as the LAN gateway, in the original setup's addresses: the
/// gateway learns 192.168.0.0/24 via the dom0's 192.168.11.100, installs it in its kernel, forwards a LAN
/// client's ping to a guest, and drops the route as soon as the agent stops.
/// </summary>
public sealed class RipGatewayTests
{
    private static readonly TimeSpan LearnTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Short intervals keep the test fast; the withdrawal must not depend on them.</summary>
    private static readonly object Multicast = new { enabled = true, mode = "multicast", interval = "00:00:05" };

    [Fact]
    public async Task Bird_learns_the_guest_subnet_via_the_agent_a_lan_client_reaches_a_guest_and_a_stop_withdraws_it_at_once()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var lan = await RipLan.CreateAsync(ct);
        var bird = await lan.StartBirdAsync("mode multicast;", ct);
        var agent = await lan.StartAgentAsync(Multicast, ct);
        await lan.AddGuestAsync(ct);

        await AwaitRouteAsync(lan, bird, ct);
        var kernel = await lan.GatewayKernelRouteAsync(RipLan.GuestSubnet, ct);
        Assert.Equal(RipLan.Dom0Address, kernel!.Value.GetProperty("gateway").GetString());
        Assert.Equal("bird", kernel.Value.GetProperty("protocol").GetString());

        // Real traffic through the learned route: client -> gateway -> dom0 -> br0 -> guest, and back.
        await Eventually.HoldsAsync(
            async () =>
            {
                var ping = await Programs.RunAsync("ip", ["netns", "exec", lan.Client.Name, "busybox", "ping", "-c", "1", "-W", "1", RipLan.GuestAddress], ct);
                return (ping.Succeeded, ping.StandardOutput + ping.StandardError);
            },
            TimeSpan.FromSeconds(20),
            "the LAN client pinging the guest",
            ct);

        var show = Programs.EnsureSucceeded(await agent.CliAsync(ct, "route", "show")).StandardOutput;
        Assert.Contains($"{RipLan.GuestSubnet} | via {RipLan.Dom0Address} | kubikal | {RipLan.GatewayAddress} (rip to 224.0.0.9 on eth0) | announced (metric 2), sent ", show, StringComparison.Ordinal);

        var clock = Stopwatch.StartNew();
        Assert.Equal(0, await agent.StopAsync(ct));
        await Eventually.HoldsAsync(
            async () =>
            {
                var routes = await bird.ShowRouteAsync(ct);
                return (!routes.Contains(RipLan.GuestSubnet, StringComparison.Ordinal), routes);
            },
            TimeSpan.FromSeconds(15),
            "bird dropping the withdrawn route",
            ct);
        var withdrawn = clock.Elapsed;
        TestContext.Current.TestOutputHelper?.WriteLine($"from SIGTERM to the route leaving BIRD: {withdrawn.TotalMilliseconds:F0} ms");
        // The speaker logs from PostStop; when the data plane's ActorSystem has already stopped its Serilog
        // logger, Akka's standard-out logger prints the rendered message instead of the JSON event.
        Assert.True(
            agent.Output.Contains("""withdrew the {Count} routes it announced on {Device} before stopping","Count":1,"Device":"eth0""", StringComparison.Ordinal)
                || agent.Output.Contains("RIP: withdrew the 1 routes it announced on eth0 before stopping", StringComparison.Ordinal),
            "the speaker logs its withdrawal of the one route it announced");
        Assert.True(withdrawn < TimeSpan.FromSeconds(10), $"withdrawal took {withdrawn}");
        await Eventually.HoldsAsync(
            async () => (await lan.GatewayKernelRouteAsync(RipLan.GuestSubnet, ct) is null, "still in the gateway's kernel table"),
            TimeSpan.FromSeconds(15),
            "the kernel route leaving the gateway",
            ct);
    }

    [Fact]
    public async Task With_keyed_md5_on_both_sides_bird_accepts_the_unicast_updates()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var lan = await RipLan.CreateAsync(ct);
        var keyFile = Path.Combine(lan.Folder, "rip.key");
        await File.WriteAllTextAsync(keyFile, "xen-secret\n", ct);
        var bird = await lan.StartBirdAsync("""mode multicast; authentication cryptographic; password "xen-secret" { id 7; algorithm keyed md5; };""", ct);

        await lan.StartAgentAsync(new { enabled = true, mode = "unicast", interval = "00:00:05", authentication = new { keyId = 7, keyFile } }, ct);

        await AwaitRouteAsync(lan, bird, ct);
        Assert.DoesNotContain("Authentication failed", bird.Output, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task With_the_wrong_key_bird_refuses_the_updates()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var lan = await RipLan.CreateAsync(ct);
        var keyFile = Path.Combine(lan.Folder, "rip.key");
        await File.WriteAllTextAsync(keyFile, "not-the-secret", ct);
        var bird = await lan.StartBirdAsync("""mode multicast; authentication cryptographic; password "xen-secret" { id 7; algorithm keyed md5; };""", ct);

        await lan.StartAgentAsync(new { enabled = true, mode = "multicast", interval = "00:00:01", authentication = new { keyId = 7, keyFile } }, ct);

        await Eventually.HoldsAsync(
            () => Task.FromResult((bird.Output.Contains("Authentication failed", StringComparison.OrdinalIgnoreCase), bird.Output)),
            LearnTimeout,
            "bird logging the refused update",
            ct);
        Assert.DoesNotContain(RipLan.GuestSubnet, await bird.ShowRouteAsync(ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Routes_the_gateway_announces_are_counted_and_never_installed_on_the_dom0()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var lan = await RipLan.CreateAsync(ct);
        var bird = await lan.StartBirdAsync(
            "mode multicast; update time 1;", ct, ripExport: "all", extraConfig: "protocol static { ipv4; route 10.99.0.0/16 blackhole; }");
        var agent = await lan.StartAgentAsync(Multicast, ct);

        await AwaitRouteAsync(lan, bird, ct);
        await Eventually.HoldsAsync(
            async () =>
            {
                var stats = Programs.EnsureSucceeded(await agent.CliAsync(ct, "route", "stats")).StandardOutput;
                return (stats.Contains("ResponseIgnored", StringComparison.Ordinal), stats);
            },
            LearnTimeout,
            "the agent hearing BIRD's updates",
            ct);

        var dom0Routes = (await lan.Dom0.IpAsync(ct, "route", "show", "table", "all")).StandardOutput;
        Assert.DoesNotContain("10.99.", dom0Routes, StringComparison.Ordinal);
    }

    private static Task AwaitRouteAsync(RipLan lan, Bird bird, CancellationToken ct) =>
        Eventually.HoldsAsync(
            async () =>
            {
                var routes = await bird.ShowRouteAsync(ct);
                var learned = routes.Contains(RipLan.GuestSubnet, StringComparison.Ordinal)
                    && routes.Contains($"via {RipLan.Dom0Address} on eth0", StringComparison.Ordinal)
                    && await lan.GatewayKernelRouteAsync(RipLan.GuestSubnet, ct) is not null;
                return (learned, routes);
            },
            LearnTimeout,
            $"bird learning {RipLan.GuestSubnet} via {RipLan.Dom0Address}",
            ct);
}
