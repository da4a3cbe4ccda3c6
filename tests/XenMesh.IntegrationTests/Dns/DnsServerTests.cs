using System.Text.RegularExpressions;
using XenMesh.IntegrationTests.Dhcp;
using XenMesh.IntegrationTests.TestHost;

namespace XenMesh.IntegrationTests.Dns;

/// <summary>
/// The real agent answering its zone on the bridge address of a dom0 namespace: a guest's name appears
/// with its lease and goes with its release, over UDP and TCP, as dig sees it from the guest's namespace;
/// negative answers carry the SOA; and the eight EDNS checks of protocol-rules §8.
/// </summary>
public sealed partial class DnsServerTests
{
    private const string Server = "192.168.0.254";
    private static readonly TimeSpan ListeningTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_guest_resolves_forward_and_reverse_over_UDP_and_TCP_once_leased_and_not_after_its_release()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var dom0 = await StartAsync(ct);
        var guest = await dom0.AddGuestAsync("xen1", 5, "aa:cc:00:00:00:05", "xen1", ct);
        await using var dhclient = new Dhclient(guest, DhcpClientTests.OriginalDhclientConfig);
        var address = (await dhclient.StartAsync(ct))["new_ip_address"];
        var from = guest.Namespace;

        foreach (var transport in (string[])["+notcp", "+tcp"])
        {
            Assert.Equal([address], await Dig.ShortAsync(from, Server, ct, transport, "xen1.xen"));
            Assert.Equal(["xen1.xen."], await Dig.ShortAsync(from, Server, ct, transport, "-x", address));
            Assert.Equal([Server], await Dig.ShortAsync(from, Server, ct, transport, $"{dom0.Prefix}.xen"));
            var echoed = await Dig.QueryAsync(from, Server, ct, transport, "XEN1.Xen");
            Assert.Contains("flags: qr aa rd;", echoed, StringComparison.Ordinal);
            Assert.Matches(@"(?m)^XEN1\.Xen\.\s+30\s+IN\s+A\s+" + Regex.Escape(address) + "$", echoed);

            var nxdomain = await Dig.QueryAsync(from, Server, ct, transport, "+norec", "nope.xen");
            Assert.Contains("status: NXDOMAIN", nxdomain, StringComparison.Ordinal);
            AssertSoaInAuthority(nxdomain, "xen.");
            var nodata = await Dig.QueryAsync(from, Server, ct, transport, "+norec", "xen1.xen", "AAAA");
            Assert.Contains("status: NOERROR", nodata, StringComparison.Ordinal);
            Assert.Contains("ANSWER: 0, AUTHORITY: 1", nodata, StringComparison.Ordinal);
            AssertSoaInAuthority(nodata, "xen.");
            var unknownType = await Dig.QueryAsync(from, Server, ct, transport, "+norec", "xen1.xen", "TYPE1234");
            Assert.Contains("status: NOERROR", unknownType, StringComparison.Ordinal);
            Assert.Contains("ANSWER: 0, AUTHORITY: 1", unknownType, StringComparison.Ordinal);
            var reverseNx = await Dig.QueryAsync(from, Server, ct, transport, "+norec", "-x", "192.168.0.200");
            Assert.Contains("status: NXDOMAIN", reverseNx, StringComparison.Ordinal);
            AssertSoaInAuthority(reverseNx, "0.168.192.in-addr.arpa.");
        }

        var listed = Programs.EnsureSucceeded(await dom0.Agent.CliAsync(ct, "dns", "list")).StandardOutput;
        Assert.Contains($"xen1.xen | {address} | {dom0.Prefix} | 30s", listed, StringComparison.Ordinal);

        await dhclient.ReleaseAsync(ct);
        await Eventually.HoldsAsync(
            async () =>
            {
                var answer = await Dig.QueryAsync(dom0.Dom0, Server, ct, "+norec", "xen1.xen");
                return (answer.Contains("status: NXDOMAIN", StringComparison.Ordinal), answer);
            },
            TimeSpan.FromSeconds(30),
            "xen1.xen going away after the release",
            ct);
        var ptr = await Dig.QueryAsync(dom0.Dom0, Server, ct, "+norec", "-x", address);
        Assert.Contains("status: NXDOMAIN", ptr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("+notcp")]
    [InlineData("+tcp")]
    public async Task The_eight_EDNS_compliance_checks_pass(string transport)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var dom0 = await StartAsync(ct);
        var from = dom0.Dom0;
        Task<string> Ask(params string[] arguments) => Dig.QueryAsync(from, Server, ct, [transport, "+nocookie", "+norec", .. arguments]);

        var plain = await Ask("+noedns", "soa", "xen");
        AssertStatus(plain, "NOERROR");
        AssertSoaInAnswer(plain);
        Assert.DoesNotContain("OPT PSEUDOSECTION", plain, StringComparison.Ordinal);

        var edns0 = await Ask("+edns=0", "soa", "xen");
        AssertStatus(edns0, "NOERROR");
        AssertSoaInAnswer(edns0);
        AssertEdnsVersion0(edns0);

        var version100 = await Ask("+edns=100", "+noednsneg", "soa", "xen");
        AssertStatus(version100, "BADVERS");
        AssertEdnsVersion0(version100);
        Assert.Contains("ANSWER: 0,", version100, StringComparison.Ordinal);

        var option100 = await Ask("+ednsopt=100", "soa", "xen");
        AssertStatus(option100, "NOERROR");
        AssertSoaInAnswer(option100);
        AssertEdnsVersion0(option100);
        Assert.DoesNotContain("OPT=100", option100, StringComparison.Ordinal);

        var flags = await Ask("+ednsflags=0x80", "soa", "xen");
        AssertStatus(flags, "NOERROR");
        AssertSoaInAnswer(flags);
        AssertEdnsVersion0(flags);
        Assert.DoesNotContain("MBZ", flags, StringComparison.Ordinal);

        var dnssec = await Ask("+dnssec", "soa", "xen");
        AssertStatus(dnssec, "NOERROR");
        AssertSoaInAnswer(dnssec);
        Assert.Contains("; EDNS: version: 0, flags: do;", dnssec, StringComparison.Ordinal);

        var small = await Ask("+dnssec", "+bufsize=512", "+ignore", "dnskey", "xen");
        AssertStatus(small, "NOERROR");
        Assert.Contains("; EDNS: version: 0, flags: do;", small, StringComparison.Ordinal);
        Assert.Contains("ANSWER: 0, AUTHORITY: 1", small, StringComparison.Ordinal);
        Assert.InRange(int.Parse(MessageSize().Match(small).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 12, 512);

        var both = await Ask("+edns=100", "+noednsneg", "+ednsopt=100", "soa", "xen");
        AssertStatus(both, "BADVERS");
        AssertEdnsVersion0(both);
        Assert.DoesNotContain("OPT=100", both, StringComparison.Ordinal);
        Assert.Contains("ANSWER: 0,", both, StringComparison.Ordinal);
    }

    private static async Task<DhcpDom0> StartAsync(CancellationToken ct)
    {
        var dom0 = await DhcpDom0.CreateAsync(ct, DhcpClientTests.OriginalRange);
        try
        {
            await dom0.StartAgentAsync(ct);
            await Eventually.HoldsAsync(
                () => Task.FromResult((dom0.Agent.Output.Contains("DNS server listening on", StringComparison.Ordinal), dom0.Agent.Output)),
                ListeningTimeout,
                "the DNS server listening on the bridge address",
                ct);
            return dom0;
        }
        catch
        {
            await dom0.DisposeAsync();
            throw;
        }
    }

    private static void AssertStatus(string dig, string status) =>
        Assert.Contains($"status: {status},", dig, StringComparison.Ordinal);

    private static void AssertEdnsVersion0(string dig) =>
        Assert.Matches(@"; EDNS: version: 0, flags:[^;]*; udp: 1232", dig);

    private static void AssertSoaInAnswer(string dig) =>
        Assert.Matches(@"(?ms)ANSWER SECTION:\s*\nxen\.\s+30\s+IN\s+SOA\s", dig);

    private static void AssertSoaInAuthority(string dig, string zone) =>
        Assert.Matches(@"(?ms)AUTHORITY SECTION:\s*\n" + Regex.Escape(zone) + @"\s+30\s+IN\s+SOA\s", dig);

    [GeneratedRegex(@";; MSG SIZE\s+rcvd: (\d+)")]
    private static partial Regex MessageSize();
}
