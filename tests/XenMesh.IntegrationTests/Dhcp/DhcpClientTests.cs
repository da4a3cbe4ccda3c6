using System.Net;
using XenMesh.IntegrationTests.TestHost;
using XenMesh.Node.Dhcp.Codec;

namespace XenMesh.IntegrationTests.Dhcp;

/// <summary>
/// The real agent serving DHCP on its bridge in a dom0 namespace, against real clients (ISC dhclient,
/// busybox udhcpc) in guest namespaces on veth vifs, configured like the original setup: br0
/// 192.168.0.254/24, range 192.168.0.1-253, 3-day leases, domain <c>xen</c>.
/// </summary>
public sealed class DhcpClientTests
{
    /// <summary>Debian 12's /etc/dhcp/dhclient.conf with the original setup's host name.</summary>
    internal const string OriginalDhclientConfig = """
        option rfc3442-classless-static-routes code 121 = array of unsigned integer 8;
        send host-name "xen1.xen";
        request subnet-mask, broadcast-address, time-offset, routers,
            domain-name, domain-name-servers, domain-search, host-name,
            dhcp6.name-servers, dhcp6.domain-search, dhcp6.fqdn, dhcp6.sntp-servers,
            netbios-name-servers, netbios-scope, interface-mtu,
            rfc3442-classless-static-routes, ntp-servers;
        timeout 30;

        """;

    internal static readonly object OriginalRange = new { rangeStart = "192.168.0.1", rangeEnd = "192.168.0.253", leaseTime = "3.00:00:00" };

    private const string Server = "192.168.0.254";
    private const string ThreeDays = "259200";

    /// <summary>T1 of a 2-minute lease, plus time for a loaded machine.</summary>
    private static readonly TimeSpan RenewalTimeout = TimeSpan.FromSeconds(100);

    [Fact]
    public async Task Dhclient_as_in_the_original_setup_gets_an_address_in_range_renews_it_and_releases_it()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var dom0 = await DhcpDom0.CreateAsync(ct, OriginalRange);
        await dom0.StartAgentAsync(ct);
        var guest = await dom0.AddGuestAsync("xen1", 5, "aa:cc:00:00:00:05", "xen1", ct);
        await using var dhclient = new Dhclient(guest, OriginalDhclientConfig);

        var bound = await dhclient.StartAsync(ct);

        Assert.Equal("BOUND", bound.Name);
        var address = bound["new_ip_address"];
        AssertInOriginalRange(address);
        Assert.Equal("255.255.255.0", bound["new_subnet_mask"]);
        Assert.Equal(Server, bound["new_routers"]);
        Assert.Equal(Server, bound["new_domain_name_servers"]);
        Assert.Equal("xen", bound["new_domain_name"]);
        Assert.Equal(ThreeDays, bound["new_dhcp_lease_time"]);
        Assert.Equal("129600", bound["new_dhcp_renewal_time"]);
        Assert.Equal("226800", bound["new_dhcp_rebinding_time"]);
        Assert.Equal(Server, bound["new_dhcp_server_identifier"]);
        Assert.Equal("xen1", bound["new_host_name"]);

        var lease = Assert.Single(await dom0.LeasesAsync(ct));
        Assert.Equal(address, lease.GetProperty("address").GetString());
        Assert.Equal(guest.Mac, lease.GetProperty("mac").GetString());
        Assert.Equal("vif5.0", lease.GetProperty("vif").GetString());
        Assert.Equal("xen1", lease.GetProperty("name").GetString());
        Assert.Equal("XenDomain", lease.GetProperty("nameSource").GetString());
        Assert.Equal("bound", lease.GetProperty("state").GetString());
        Assert.InRange(lease.GetProperty("expires").GetDateTimeOffset() - DateTimeOffset.UtcNow, TimeSpan.FromDays(3) - TimeSpan.FromMinutes(5), TimeSpan.FromDays(3));
        var text = Programs.EnsureSucceeded(await dom0.Agent.CliAsync(ct, "lease", "list")).StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith($"{address} | aa:cc:00:00:00:05 | vif5.0 | xen1 | bound | expires ", text[0], StringComparison.Ordinal);
        Assert.Equal("Count: 1 leases", text[1]);

        // The guest reboots: dhclient starts again from its lease file and asks for the same address (INIT-REBOOT).
        await dhclient.StopAsync();
        var rebooted = await dhclient.StartAsync(ct);
        Assert.Equal("REBOOT", rebooted.Name);
        Assert.Equal(address, rebooted["new_ip_address"]);

        await dhclient.ReleaseAsync(ct);
        await Eventually.HoldsAsync(
            async () => ((await dom0.LeasesAsync(ct)).Count == 0, Programs.EnsureSucceeded(await dom0.Agent.CliAsync(ct, "lease", "list")).StandardOutput),
            TimeSpan.FromSeconds(30),
            "the released lease leaving the list",
            ct);
        Assert.Contains("DHCPRELEASE", dhclient.Output, StringComparison.Ordinal);
        var stats = await dom0.StatsAsync(ct);
        Assert.Equal(0, stats.GetProperty("naks").GetInt64());
        Assert.Equal(1, stats.GetProperty("notAnswered").GetProperty("Released").GetInt64());
    }

    [Fact]
    public async Task Udhcpc_sending_a_host_name_is_named_by_it_renews_by_unicast_and_releases()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var dom0 = await DhcpDom0.CreateAsync(ct, OriginalRange);
        await dom0.StartAgentAsync(ct);
        var guest = await dom0.AddGuestAsync("xen2", 6, "aa:cc:00:00:00:06", domainName: null, ct);
        await using var udhcpc = new Udhcpc(guest, "-x", "hostname:xen2");

        var bound = await udhcpc.StartAsync(ct);

        var address = bound["ip"];
        AssertInOriginalRange(address);
        Assert.Equal("255.255.255.0", bound["subnet"]);
        Assert.Equal(Server, bound["router"]);
        Assert.Equal(Server, bound["dns"]);
        Assert.Equal("xen", bound["domain"]);
        Assert.Equal(ThreeDays, bound["lease"]);
        Assert.Equal(Server, bound["serverid"]);
        Assert.Equal("xen2", bound["hostname"]);
        var lease = await dom0.LeaseOfAsync(guest.Mac, ct);
        Assert.Equal(address, lease?.GetProperty("address").GetString());
        Assert.Equal("xen2", lease?.GetProperty("name").GetString());
        Assert.Equal("HostName", lease?.GetProperty("nameSource").GetString());
        var firstExpiry = lease!.Value.GetProperty("expires").GetDateTimeOffset();

        // T1 without waiting a day and a half: SIGUSR1 makes udhcpc renew now, unicast from its address to the server.
        var renewed = await udhcpc.RenewAsync(ct);
        Assert.Equal(address, renewed["ip"]);
        Assert.Equal(ThreeDays, renewed["lease"]);
        Assert.Contains("sending renew to server 192.168.0.254", udhcpc.Output, StringComparison.Ordinal);
        var extended = await dom0.LeaseOfAsync(guest.Mac, ct);
        Assert.True(extended?.GetProperty("expires").GetDateTimeOffset() > firstExpiry, "a renewal extends the lease");

        await udhcpc.ReleaseAsync(ct);
        await Eventually.HoldsAsync(
            async () => (await dom0.LeaseOfAsync(guest.Mac, ct) is null, "the lease is still listed"),
            TimeSpan.FromSeconds(30),
            "the released lease leaving the list",
            ct);
    }

    [Fact]
    public async Task Dhclient_and_udhcpc_renew_by_themselves_at_t1_of_a_short_lease_and_keep_their_addresses()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var dom0 = await DhcpDom0.CreateAsync(ct, new { rangeStart = "192.168.0.1", rangeEnd = "192.168.0.253", leaseTime = "00:02:00" });
        await dom0.StartAgentAsync(ct);
        var xen1 = await dom0.AddGuestAsync("xen1", 5, "aa:cc:00:00:00:05", "xen1", ct);
        var xen2 = await dom0.AddGuestAsync("xen2", 6, "aa:cc:00:00:00:06", domainName: null, ct);
        await using var dhclient = new Dhclient(xen1, OriginalDhclientConfig);
        await using var udhcpc = new Udhcpc(xen2, "-x", "hostname:xen2");

        var dhclientBound = await dhclient.StartAsync(ct);
        var udhcpcBound = await udhcpc.StartAsync(ct);

        // 2 minutes is the shortest lease the config allows; T1 is half of it (option 58 for dhclient, udhcpc's own rule).
        Assert.Equal(("120", "60"), (dhclientBound["new_dhcp_lease_time"], dhclientBound["new_dhcp_renewal_time"]));
        Assert.Equal("120", udhcpcBound["lease"]);
        var firstExpiries = await Task.WhenAll(ExpiryOfAsync(xen1), ExpiryOfAsync(xen2));

        // Nothing prompts them: each renews at T1 on its own timer, by unicast, and gets its address again.
        var renewals = await Task.WhenAll(dhclient.NextEventAsync(["RENEW", "REBIND"], RenewalTimeout, ct), udhcpc.NextRenewalAsync(RenewalTimeout, ct));

        Assert.Equal(("RENEW", dhclientBound["new_ip_address"]), (renewals[0].Name, renewals[0]["new_ip_address"]));
        Assert.Equal(udhcpcBound["ip"], renewals[1]["ip"]);
        Assert.Contains("sending renew to server 192.168.0.254", udhcpc.Output, StringComparison.Ordinal);
        var renewedExpiries = await Task.WhenAll(ExpiryOfAsync(xen1), ExpiryOfAsync(xen2));
        Assert.True(renewedExpiries[0] > firstExpiries[0] && renewedExpiries[1] > firstExpiries[1], "each renewal extends its lease");

        async Task<DateTimeOffset> ExpiryOfAsync(DhcpGuest guest) =>
            (await dom0.LeaseOfAsync(guest.Mac, ct) ?? throw new InvalidOperationException($"no lease for {guest.Mac}")).GetProperty("expires").GetDateTimeOffset();
    }

    [Fact]
    public async Task A_client_asking_for_an_address_of_another_subnet_gets_a_nak_and_then_an_address_in_range()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var dom0 = await DhcpDom0.CreateAsync(ct, OriginalRange);
        await dom0.StartAgentAsync(ct);
        var guest = await dom0.AddGuestAsync("xen1", 5, "aa:cc:00:00:00:05", "xen1", ct);
        await using var dhclient = new Dhclient(guest, OriginalDhclientConfig);

        // A guest moved here from another network: its lease file holds 10.9.9.9, which it asks for first (INIT-REBOOT).
        await File.WriteAllTextAsync(dhclient.LeaseFile, """
            lease {
              interface "eth0";
              fixed-address 10.9.9.9;
              option subnet-mask 255.255.255.0;
              option routers 10.9.9.1;
              option dhcp-lease-time 86400;
              option dhcp-message-type 5;
              option dhcp-server-identifier 10.9.9.1;
              renew 4 2037/12/31 00:00:00;
              rebind 4 2037/12/31 00:00:00;
              expire 4 2037/12/31 00:00:00;
            }

            """, ct);
        var bound = await dhclient.StartAsync(ct);

        Assert.Contains("DHCPREQUEST for 10.9.9.9", dhclient.Output, StringComparison.Ordinal);
        Assert.Contains("DHCPNAK from 192.168.0.254", dhclient.Output, StringComparison.Ordinal);
        Assert.Equal("BOUND", bound.Name);
        AssertInOriginalRange(bound["new_ip_address"]);
        Assert.Equal(1, (await dom0.StatsAsync(ct)).GetProperty("naks").GetInt64());
    }

    [Fact]
    public async Task Leases_survive_kill_9_of_the_agent_and_a_renewal_after_the_restart_keeps_the_address()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var dom0 = await DhcpDom0.CreateAsync(ct, OriginalRange);
        await dom0.StartAgentAsync(ct);
        var first = await dom0.AddGuestAsync("xen1", 5, "aa:cc:00:00:00:05", "xen1", ct);
        var second = await dom0.AddGuestAsync("xen2", 6, "aa:cc:00:00:00:06", "xen2", ct);
        await using var udhcpc = new Udhcpc(first, "-x", "hostname:xen1");
        await using var dhclient = new Dhclient(second, OriginalDhclientConfig.Replace("xen1.xen", "xen2.xen", StringComparison.Ordinal));

        var firstAddress = (await udhcpc.StartAsync(ct))["ip"];
        await dom0.KillAgentAsync();
        await dom0.StartAgentAsync(ct);
        var secondAddress = (await dhclient.StartAsync(ct))["new_ip_address"];
        await dom0.KillAgentAsync();
        await dom0.StartAgentAsync(ct);

        Assert.NotEqual(firstAddress, secondAddress);
        var leases = (await dom0.LeasesAsync(ct)).Select(l => (l.GetProperty("mac").GetString(), l.GetProperty("address").GetString(), l.GetProperty("name").GetString()));
        Assert.Equal([(first.Mac, firstAddress, "xen1"), (second.Mac, secondAddress, "xen2")], leases.OrderBy(l => l.Item1, StringComparer.Ordinal));

        var renewed = await udhcpc.RenewAsync(ct);
        Assert.Equal(firstAddress, renewed["ip"]);
        Assert.Equal(0, (await dom0.StatsAsync(ct)).GetProperty("naks").GetInt64());
    }

    [Fact]
    public async Task The_socket_is_bound_to_the_bridge_and_a_guest_on_another_bridge_gets_no_answer()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var dom0 = await DhcpDom0.CreateAsync(ct, OriginalRange);
        await dom0.Dom0.IpAsync(ct, "link", "add", "name", "br1", "type", "bridge");
        await dom0.Dom0.IpAsync(ct, "link", "set", "dev", "br1", "up");
        await dom0.Dom0.IpAsync(ct, "addr", "add", "192.168.7.254/24", "dev", "br1");
        await dom0.StartAgentAsync(ct);

        var sockets = Programs.EnsureSucceeded(await Programs.RunAsync("ip", ["netns", "exec", dom0.Dom0.Name, "ss", "-H", "-u", "-l", "-n", "sport", "=", ":67"], ct)).StandardOutput;
        var socket = Assert.Single(sockets.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("0.0.0.0%br0:67", socket, StringComparison.Ordinal);

        var outsider = await dom0.AddUnmanagedGuestAsync("other", "other0", "aa:cc:00:00:00:07", "br1", ct);
        var attempt = await Programs.RunAsync(
            "ip",
            ["netns", "exec", outsider.Namespace.Name, "busybox", "udhcpc", "-n", "-q", "-f", "-i", DhcpGuest.Interface, "-s", outsider.Events.Script, "-t", "3", "-T", "1"],
            ct);

        Assert.Equal(1, attempt.ExitCode);
        Assert.Contains("no lease, failing", attempt.StandardError, StringComparison.Ordinal);
        Assert.Equal(0, (await dom0.StatsAsync(ct)).GetProperty("received").GetInt64());
        Assert.Empty(await dom0.LeasesAsync(ct));
    }

    [Fact]
    public async Task When_the_bridge_is_recreated_the_server_binds_to_the_new_one_and_serves_on_it()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var dom0 = await DhcpDom0.CreateAsync(ct, OriginalRange);
        var agent = await dom0.StartAgentAsync(ct);
        var guest = await dom0.AddGuestAsync("xen1", 5, "aa:cc:00:00:00:05", "xen1", ct);

        await dom0.Dom0.IpAsync(ct, "link", "del", "dev", DhcpDom0.Bridge);
        await dom0.Dom0.IpAsync(ct, "link", "add", "name", DhcpDom0.Bridge, "type", "bridge");
        await dom0.Dom0.IpAsync(ct, "addr", "add", "192.168.0.254/24", "dev", DhcpDom0.Bridge);
        await dom0.Dom0.IpAsync(ct, "link", "set", "dev", DhcpDom0.Bridge, "up");
        await dom0.Dom0.IpAsync(ct, "link", "set", "dev", guest.Vif, "master", DhcpDom0.Bridge, "up");
        await Eventually.HoldsAsync(
            () => Task.FromResult((CountOf(agent.Output, "DHCP server listening") == 2, "one 'DHCP server listening' in the agent's output")),
            TimeSpan.FromSeconds(30),
            "the server opening a socket on the new bridge",
            ct);

        await using var udhcpc = new Udhcpc(guest);
        AssertInOriginalRange((await udhcpc.StartAsync(ct))["ip"]);
    }

    [Fact]
    public async Task Malformed_and_unexpected_packets_are_dropped_and_counted_and_the_server_keeps_serving()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var dom0 = await DhcpDom0.CreateAsync(ct, OriginalRange);
        await dom0.StartAgentAsync(ct);
        var host = await dom0.AddHostAsync("noise", "noise0", "192.168.0.100/24", ct);
        using var socket = NamespaceSockets.Udp(host, new IPEndPoint(IPAddress.Parse("192.168.0.100"), 68));
        var server = new IPEndPoint(IPAddress.Parse(Server), 67);
        var discover = new DhcpMessage
        {
            TransactionId = 7,
            ClientHardwareAddress = ClientHardwareAddress.FromBytes([0xaa, 0xcc, 0, 0, 0, 0x64]),
            Options = [new MessageTypeOption(DhcpMessageType.Discover)],
        };
        var valid = DhcpEncoder.Encode(discover).Packet.ToArray();
        var overrun = valid.ToArray();
        overrun[241] = 0xff; // option 53 claims 255 octets in a 300-octet packet
        byte[][] packets =
        [
            new byte[10],
            valid[..239],
            [.. valid[..236], 1, 2, 3, 4, .. valid[240..]],
            overrun,
            DhcpEncoder.Encode(discover with { Operation = DhcpOperation.BootReply }).Packet.ToArray(),
            DhcpEncoder.Encode(discover with { Options = DhcpOptionSet.Empty }).Packet.ToArray(),
            DhcpEncoder.Encode(discover with { RelayAddress = IPAddress.Parse("10.1.1.1") }).Packet.ToArray(),
            valid,
        ];
        foreach (var packet in packets)
            await socket.SendToAsync(packet, server, ct);

        var expected = new Dictionary<string, long>
        {
            ["MalformedTruncatedHeader"] = 2,
            ["MalformedBadMagicCookie"] = 1,
            ["MalformedOptionOverrun"] = 1,
            ["NotBootRequest"] = 1,
            ["Bootp"] = 1,
            ["ForeignRelay"] = 1,
            ["NotFromGuestPort"] = 1,
        };
        await Eventually.HoldsAsync(
            async () =>
            {
                var stats = await dom0.StatsAsync(ct);
                var dropped = stats.GetProperty("dropped");
                var seen = dropped.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());
                var received = stats.GetProperty("received").GetInt64();
                return (received == packets.Length && expected.All(e => seen.GetValueOrDefault(e.Key) == e.Value), $"received {received}, dropped {dropped.GetRawText()}");
            },
            TimeSpan.FromSeconds(30),
            "every packet counted under its reason",
            ct);

        var guest = await dom0.AddGuestAsync("xen1", 5, "aa:cc:00:00:00:05", "xen1", ct);
        await using var udhcpc = new Udhcpc(guest);
        AssertInOriginalRange((await udhcpc.StartAsync(ct))["ip"]);
    }

    private static int CountOf(string text, string what) =>
        (text.Length - text.Replace(what, string.Empty, StringComparison.Ordinal).Length) / what.Length;

    private static void AssertInOriginalRange(string address)
    {
        var octets = address.Split('.');
        Assert.True(
            octets.Length == 4 && address.StartsWith("192.168.0.", StringComparison.Ordinal) && int.Parse(octets[3], System.Globalization.CultureInfo.InvariantCulture) is >= 1 and <= 253,
            $"{address} is not in 192.168.0.1-192.168.0.253");
    }
}
