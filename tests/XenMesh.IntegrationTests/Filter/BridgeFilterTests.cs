using XenMesh.IntegrationTests.Dhcp;
using XenMesh.IntegrationTests.TestHost;
using static XenMesh.IntegrationTests.Filter.BridgeFilterKernel;

namespace XenMesh.IntegrationTests.Filter;

/// <summary>
/// The real agent in a dom0 namespace with <c>bridge.filter</c> on (the default): the table lives in that
/// namespace's kernel, guests in namespaces of their own attack each other over the bridge (protocol-rules B3,
/// L1, L2). All traffic stays between the namespaces the test created.
/// </summary>
public sealed class BridgeFilterTests
{
    private const string Server = "192.168.0.254";
    private const string RogueMac = "00:16:3e:00:00:05";
    private const string VictimMac = "00:16:3e:00:00:06";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_rogue_dhcp_server_spoofed_sources_and_forged_chaddr_are_dropped_while_bound_traffic_passes()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var dom0 = await DhcpDom0.CreateAsync(ct, DhcpClientTests.OriginalRange);
        await dom0.StartAgentAsync(ct);
        var rogue = await dom0.AddGuestAsync("rogue", 5, RogueMac, "rogue", ct);
        var victim = await dom0.AddGuestAsync("victim", 6, VictimMac, "victim", ct);
        await using var rogueClient = new Udhcpc(rogue);
        var rogueAddress = (await rogueClient.StartAsync(ct))["ip"];

        // The rogue serves the same subnet with itself as router, as a hijacker would.
        await using var dnsmasq = BackgroundProcess.Start(rogue.Namespace, "dnsmasq", [
            "--no-daemon", "--conf-file=/dev/null", "--port=0", "--interface=eth0", "--bind-interfaces", "--leasefile-ro",
            "--pid-file=", "--log-facility=-", "--log-dhcp", "--dhcp-authoritative",
            "--dhcp-range=192.168.0.100,192.168.0.110,1h", $"--dhcp-option=3,{rogueAddress}", $"--dhcp-option=6,{rogueAddress}"]);
        await using var victimClient = new Udhcpc(victim);
        var bound = await victimClient.StartAsync(ct);

        Assert.Equal(Server, bound["serverid"]);
        Assert.Equal(Server, bound["router"]);
        await Eventually.HoldsAsync(
            () => Task.FromResult((dnsmasq.Output.Contains("DHCPOFFER(eth0)", StringComparison.Ordinal), dnsmasq.Output)),
            Timeout, "the rogue sending its offer", ct);
        Assert.True(await DroppedAsync(dom0.Dom0, "udp sport { 67, 547 }", ct) > 0);

        var victimAddress = bound["ip"];
        await Eventually.HoldsAsync(
            async () => (await PingAsync(victim.Namespace, rogueAddress, ct) && await PingAsync(rogue.Namespace, victimAddress, ct), "no answer"),
            Timeout, "the two bound guests pinging each other", ct);

        await rogue.Namespace.IpAsync(ct, "addr", "add", "192.168.0.200/32", "dev", "eth0");
        var droppedBefore = await DroppedAtEndAsync(dom0.Dom0, ct);
        Assert.False(await PingAsync(rogue.Namespace, victimAddress, ct, source: "192.168.0.200"));
        Assert.True(await DroppedAtEndAsync(dom0.Dom0, ct) > droppedBefore);

        var chaddrBefore = await DroppedAsync(dom0.Dom0, "udp sport 68 udp dport 67 iifname", ct);
        await ForgedDhcp.SendDiscoverAsync(rogue.Namespace, "00:16:3e:de:ad:01", 3, ct);
        Assert.Equal(chaddrBefore + 3, await DroppedAsync(dom0.Dom0, "udp sport 68 udp dport 67 iifname", ct));

        var macBefore = await DroppedAsync(dom0.Dom0, "iifname . ether saddr != @port_mac", ct);
        await rogue.Namespace.IpAsync(ct, "link", "set", "dev", "eth0", "address", "00:16:3e:66:66:66");
        Assert.False(await PingAsync(rogue.Namespace, victimAddress, ct));
        Assert.True(await DroppedAsync(dom0.Dom0, "iifname . ether saddr != @port_mac", ct) > macBefore);
        Assert.True(await PingAsync(victim.Namespace, Server, ct));
    }

    [Fact]
    public async Task The_table_stays_when_the_agent_is_killed_and_is_reconciled_when_it_restarts()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var dom0 = await DhcpDom0.CreateAsync(ct, DhcpClientTests.OriginalRange);
        await NftAsync(dom0.Dom0, ct, "add", "table", "inet", "xmtother");
        await dom0.StartAgentAsync(ct);
        var guest = await dom0.AddGuestAsync("web", 7, VictimMac, "web", ct, vifName: "web0");
        await using var client = new Udhcpc(guest);
        var address = (await client.StartAsync(ct))["ip"];
        var element = $"\"web0\" . {VictimMac} . {address}";
        Assert.Contains(element, await ListSetAsync(dom0.Dom0, "bound4", ct), StringComparison.Ordinal);
        Assert.Contains("\"web0\"", await ListSetAsync(dom0.Dom0, "guest_ports", ct), StringComparison.Ordinal);
        await Eventually.HoldsAsync(async () => (await PingAsync(guest.Namespace, Server, ct), "no answer"), Timeout, "the renamed guest reaching the bridge", ct);
        var intruder = await dom0.AddUnmanagedGuestAsync("intruder", "vif9.0", "00:16:3e:00:00:09", DhcpDom0.Bridge, ct);
        await intruder.Namespace.IpAsync(ct, "addr", "add", "192.168.0.99/24", "dev", "eth0");
        Assert.False(await PingAsync(intruder.Namespace, Server, ct));

        await dom0.KillAgentAsync();

        Assert.Contains(element, await ListSetAsync(dom0.Dom0, "bound4", ct), StringComparison.Ordinal);
        Assert.True(await PingAsync(guest.Namespace, Server, ct));
        Assert.False(await PingAsync(intruder.Namespace, Server, ct));

        // Drift while the agent is down: the guest's lease vanishes from the kernel, the intruder is let in.
        Programs.EnsureSucceeded(await NftAsync(dom0.Dom0, ct, "delete", "element", "bridge", "xenmesh", "bound4", $"{{ {element} }}"));
        Programs.EnsureSucceeded(await NftAsync(dom0.Dom0, ct, "add", "element", "bridge", "xenmesh", "port_mac", "{ \"vif9.0\" . 00:16:3e:00:00:09 }"));
        Programs.EnsureSucceeded(await NftAsync(dom0.Dom0, ct, "add", "element", "bridge", "xenmesh", "bound4", "{ \"vif9.0\" . 00:16:3e:00:00:09 . 192.168.0.99 }"));
        await Eventually.HoldsAsync(async () => (await PingAsync(intruder.Namespace, Server, ct), "no answer"), Timeout, "the tampered table letting the intruder in", ct);

        await dom0.StartAgentAsync(ct);

        Assert.Contains(element, await ListSetAsync(dom0.Dom0, "bound4", ct), StringComparison.Ordinal);
        Assert.DoesNotContain("vif9.0", await ListSetAsync(dom0.Dom0, "bound4", ct), StringComparison.Ordinal);
        Assert.DoesNotContain("vif9.0", await ListSetAsync(dom0.Dom0, "port_mac", ct), StringComparison.Ordinal);
        Assert.False(await PingAsync(intruder.Namespace, Server, ct));
        Assert.True(await PingAsync(guest.Namespace, Server, ct));
        Programs.EnsureSucceeded(await NftAsync(dom0.Dom0, ct, "list", "table", "inet", "xmtother"));
    }
}
