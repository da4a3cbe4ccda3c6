using System.Diagnostics;
using System.Globalization;
using XenMesh.IntegrationTests.TestHost;
using XenMesh.Node.Linux;

namespace XenMesh.IntegrationTests.Dhcp;

/// <summary>
/// perfdhcp (Kea's load generator) against the real agent: 5 000 simulated clients on a /16, relayed
/// the way perfdhcp v4 sends (from a host on the bridge, <c>-l</c> its address, <c>giaddr</c> set, replies
/// unicast back to it). Bounded in count and time; checks correctness under load, measures nothing.
/// </summary>
/// <remarks>
/// perfdhcp itself loses replies when they come in bursts faster than it reads them (its socket's
/// receive buffer overflows: UdpRcvbufErrors in its namespace), and the journal's group commit sends ACKs
/// in bursts. So the server's own counters say what it answered, and perfdhcp's list of leases (<c>-x l</c>)
/// says what reached the client; every one of those, and exactly as many leases as ACKs sent, must be in
/// the journal after a <c>kill -9</c>.
/// </remarks>
public sealed class DhcpLoadTests
{
    private const int Clients = 5000;
    private const int Rate = 500;
    private const string Server = "10.20.255.254";
    private const string Relay = "10.20.255.1";
    private static readonly TimeSpan PerfdhcpTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Perfdhcp_with_5000_clients_on_a_16_gets_unique_addresses_and_every_ack_is_in_the_journal_after_kill_9()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var dom0 = await DhcpDom0.CreateAsync(
            ct,
            new { rangeStart = "10.20.0.1", rangeEnd = "10.20.254.254", leaseTime = "3.00:00:00" },
            $"{Server}/16");
        await dom0.StartAgentAsync(ct);
        var load = await dom0.AddHostAsync("load", "load0", $"{Relay}/16", ct);

        // -R above -n: perfdhcp walks its clients in order and sends a few more than -n, which must not wrap to a client it already served.
        var watch = Stopwatch.StartNew();
        var run = await Programs.RunAsync(
            "ip",
            [
                "netns", "exec", load.Name, "perfdhcp", "-4", "-l", Relay, "-r", Rate.ToString(CultureInfo.InvariantCulture),
                "-R", (2 * Clients).ToString(CultureInfo.InvariantCulture), "-n", Clients.ToString(CultureInfo.InvariantCulture),
                "-p", "60", "-d", "5", "-W", "2000000", "-u", "-x", "l", Server,
            ],
            ProcessOptions.Default,
            PerfdhcpTimeout,
            ct);
        watch.Stop();
        var report = PerfdhcpReport.Parse(run.StandardOutput);
        var stats = await dom0.StatsAsync(ct);
        var rcvbufErrors = await ReceiveBufferErrorsAsync(load, ct);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"perfdhcp ran {watch.Elapsed} (exit {run.ExitCode}); its socket dropped {rcvbufErrors} replies; server: {stats.GetRawText()}");
        var leasesStart = run.StandardOutput.IndexOf("***Leases for", StringComparison.Ordinal);
        TestContext.Current.TestOutputHelper?.WriteLine(leasesStart < 0 ? run.StandardOutput + run.StandardError : run.StandardOutput[..leasesStart]);

        Assert.InRange(report.DiscoverOffer.Sent, Clients, Clients + 100);
        Assert.Equal(0, report.DiscoverOffer.NonUniqueAddresses);
        Assert.Equal(0, report.RequestAck.NonUniqueAddresses);
        Assert.Equal(0, report.RequestAck.RejectedLeases);
        Assert.Equal(report.RequestAck.Received, report.Acked.Count);
        Assert.True(report.Acked.Count > 0, "perfdhcp received no ACK at all");

        // The server answered every DISCOVER and every REQUEST that reached it, and dropped nothing.
        var received = stats.GetProperty("receivedByType");
        Assert.Equal(report.DiscoverOffer.Sent, received.GetProperty("Discover").GetInt64());
        Assert.Equal(report.DiscoverOffer.Sent, stats.GetProperty("offers").GetInt64());
        Assert.Equal(report.RequestAck.Sent, received.GetProperty("Request").GetInt64());
        var acks = stats.GetProperty("acks").GetInt64();
        Assert.Equal(report.RequestAck.Sent, acks);
        Assert.Empty(stats.GetProperty("dropped").EnumerateObject());

        await dom0.KillAgentAsync();
        await dom0.StartAgentAsync(ct);
        var journaled = (await dom0.LeasesAsync(ct)).ToDictionary(l => l.GetProperty("mac").GetString()!, l => l.GetProperty("address").GetString()!, StringComparer.Ordinal);

        Assert.Equal(acks, journaled.Count);
        Assert.Equal(journaled.Count, journaled.Values.Distinct(StringComparer.Ordinal).Count());
        Assert.All(journaled.Values, address => Assert.StartsWith("10.20.", address, StringComparison.Ordinal));
        Assert.All(report.Acked, lease => Assert.Equal(lease.Address, journaled.GetValueOrDefault(lease.Mac)));
    }

    private static async Task<long> ReceiveBufferErrorsAsync(NetworkNamespace @namespace, CancellationToken ct)
    {
        var snmp = Programs.EnsureSucceeded(await Programs.RunAsync("ip", ["netns", "exec", @namespace.Name, "cat", "/proc/net/snmp"], ct)).StandardOutput;
        var udp = snmp.Split('\n').Where(l => l.StartsWith("Udp: ", StringComparison.Ordinal)).Select(l => l.Split(' ')).ToList();
        var column = Array.IndexOf(udp[0], "RcvbufErrors");
        return long.Parse(udp[1][column], CultureInfo.InvariantCulture);
    }
}
