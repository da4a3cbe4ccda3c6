using System.Net;
using XenMesh.IntegrationTests.Dhcp;
using XenMesh.IntegrationTests.TestHost;
using XenMesh.Messages.Values;

namespace XenMesh.IntegrationTests.Mesh;

/// <summary>
/// Two dom0s on one LAN whose agents are configured with <c>bridge.supernet</c> and no <c>bridge.address</c>:
/// each gets its own /24 from the mesh, serves it (bridge, DHCP, DNS forward and reverse, host record) as if
/// configured, and keeps it across a restart.
/// </summary>
public sealed class MeshSupernetTests
{
    private const string Supernet = "10.77.0.0/16";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Agents_configured_only_with_a_supernet_get_distinct_24s_serve_them_and_keep_them_across_a_restart()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var lan = await MeshLan.CreateAsync(["kubikal", "rack2"], ct, supernet: Supernet);
        var (kubikal, rack2) = (lan.Dom0s[0], lan.Dom0s[1]);
        var clients = new List<Dhclient>();
        try
        {
            // First come first served: kubikal's mesh answers it alone, rack2 asks once kubikal's agent runs.
            await kubikal.StartAgentAsync(ct);
            await rack2.StartAgentAsync(ct);
            Assert.Equal(("10.77.0.0/24", "10.77.0.254"), (kubikal.Subnet, kubikal.Server));
            Assert.Equal(("10.77.1.0/24", "10.77.1.254"), (rack2.Subnet, rack2.Server));
            await ListsBothHostsAsync(kubikal, ct);

            var addresses = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (dom0, name, mac) in new[] { (kubikal, "xen1", "aa:cc:00:00:00:01"), (rack2, "web", "aa:cc:00:01:00:01") })
            {
                var guest = await dom0.AddGuestAsync(name, 1, mac, name, ct);
                var dhclient = new Dhclient(guest, DhcpClientTests.OriginalDhclientConfig);
                clients.Add(dhclient);
                var address = (await dhclient.StartAsync(ct))["new_ip_address"];
                Assert.True(Ipv4Subnet.TryParse(dom0.Subnet, out var subnet, out _));
                Assert.True(subnet.Contains(IPAddress.Parse(address)), $"{name}'s lease {address} is outside {dom0.HostId}'s {dom0.Subnet}");
                addresses[name] = address;
            }

            // DNS took the assigned /24s as configured ones: names, reverse zones and the dom0 names on both hosts.
            foreach (var dom0 in lan.Dom0s)
                await dom0.AnswersEveryNameAsync(addresses, Timeout, ct);

            Assert.Equal(0, await rack2.StopAgentAsync(ct));
            var restarted = await rack2.StartAgentAsync(ct);
            Assert.Equal(("10.77.1.0/24", "10.77.1.254"), (rack2.Subnet, rack2.Server));
            // The agent logs compact JSON: the template, then the values.
            Assert.Contains("\"@mt\":\"Host {HostId} keeps {Subnet} of supernet {Supernet} (stored in {Path})\",\"HostId\":\"rack2\",\"Subnet\":\"10.77.1.0/24\"", restarted.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("asks the mesh for a /24", restarted.Output, StringComparison.Ordinal);
            await ListsBothHostsAsync(kubikal, ct);
            // The command host answers before the DNS server has bound the bridge address: dig fails until then.
            await Eventually.HoldsAsync(
                async () =>
                {
                    var dig = await Programs.RunAsync("ip", ["netns", "exec", rack2.Namespace.Name, "dig", $"@{rack2.Server}", "+tries=1", "+time=2", "+short", "+norec", "rack2.xen"], ct);
                    return (dig.Succeeded && dig.StandardOutput.Trim() == rack2.Server, $"{dig.StandardOutput}{dig.StandardError}");
                },
                Timeout,
                "the restarted rack2's DNS answering its own name",
                ct);
            await rack2.AnswersEveryNameAsync(addresses, Timeout, ct);
        }
        finally
        {
            foreach (var client in clients)
                await client.DisposeAsync();
        }
    }

    private static Task ListsBothHostsAsync(MeshLan.Dom0 dom0, CancellationToken ct) =>
        Eventually.HoldsAsync(
            async () =>
            {
                var hosts = (await dom0.Agent.CliAsync(ct, "host", "list")).StandardOutput;
                return (hosts.Contains("kubikal | 192.168.11.100 | 10.77.0.0/24 | leases ", StringComparison.Ordinal)
                    && hosts.Contains("rack2 | 192.168.11.101 | 10.77.1.0/24 | leases ", StringComparison.Ordinal)
                    && !hosts.Contains("refused", StringComparison.Ordinal), hosts);
            },
            Timeout,
            $"host list on {dom0.HostId} showing both hosts with their assigned /24s",
            ct);
}
