using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using XenMesh.IntegrationTests.TestHost;
using XenMesh.Node.Configuration;
using XenMesh.Node.Dns.Recursion;
using XenMesh.Node.Dns.Wire;

namespace XenMesh.IntegrationTests.Dns.Recursion;

/// <summary>
/// The forwarder as the agent composes it (<see cref="DnsRecursionHosting.AddDnsRecursion"/>) against a real
/// dnsmasq upstream on loopback, asked directly from the test process as the DNS server would ask it.
/// </summary>
public sealed class DnsForwarderDnsmasqTests : IAsyncLifetime
{
    private static readonly IPEndPoint Guest = new(IPAddress.Parse("192.168.0.17"), 33000);
    private readonly string _folder = Directory.CreateTempSubdirectory(TestPrefix.New() + "-dnsfwd-").FullName;
    private UpstreamDnsmasq? _upstream;
    private ServiceProvider? _services;

    private UpstreamDnsmasq Upstream => _upstream!;

    private string ResolvFile => Path.Combine(_folder, "resolv.upstream.conf");

    public async ValueTask InitializeAsync() =>
        _upstream = await UpstreamDnsmasq.StartOnLoopbackAsync(_folder, TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_services is not null)
            await _services.DisposeAsync();
        if (_upstream is not null)
            await _upstream.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_name_outside_the_mesh_domain_is_answered_through_the_upstream()
    {
        var forwarder = Forwarder(writeResolvFile: true);

        var www = await ResolveAsync(forwarder, "www.example.test");
        var wild = await ResolveAsync(forwarder, "Deep.Wild.Example.Test");
        var missing = await ResolveAsync(forwarder, "missing.example.test");

        Assert.Equal(UpstreamDnsmasq.WwwAddress, Assert.IsType<AddressRecordData>(Assert.Single(www.Answers).Data).Address);
        Assert.Equal(UpstreamDnsmasq.WildAddress, Assert.IsType<AddressRecordData>(Assert.Single(wild.Answers).Data).Address);
        Assert.Equal("Deep.Wild.Example.Test.", wild.Questions[0].Name.ToString());
        Assert.Equal(DnsResponseCode.NXDomain, (DnsResponseCode)missing.Rcode);
        await Upstream.WaitForQueryAsync("missing.example.test", TestContext.Current.CancellationToken);
        Assert.Equal(["www.example.test", "deep.wild.example.test", "missing.example.test"], Upstream.QueriedNames());
    }

    /// <summary>
    /// MX and SRV answers pass through with their RDATA intact. dnsmasq 2.90 writes the names in them in full
    /// (checked here, so the test says what it covers); compressed ones, as BIND and Unbound send for MX,
    /// are covered by the forwarder's and the parser's unit tests.
    /// </summary>
    [Fact]
    public async Task Mx_and_srv_answers_come_through_with_their_names()
    {
        var ct = TestContext.Current.CancellationToken;
        var raw = await AskUpstreamAsync(UpstreamDnsmasq.MailName, DnsRecordType.MX, ct);
        Assert.True(raw.AsSpan().IndexOf([.. DnsName.Parse(UpstreamDnsmasq.MailExchange).Wire]) >= 0, "dnsmasq now compresses the MX exchange");
        var forwarder = Forwarder(writeResolvFile: true);

        var mx = await ResolveAsync(forwarder, UpstreamDnsmasq.MailName, DnsRecordType.MX);
        var srv = await ResolveAsync(forwarder, UpstreamDnsmasq.SrvName, DnsRecordType.SRV);

        Assert.Equal((DnsResponseCode.NoError, DnsResponseCode.NoError), ((DnsResponseCode)mx.Rcode, (DnsResponseCode)srv.Rcode));
        Assert.Equal([0, 10, .. DnsName.Parse(UpstreamDnsmasq.MailExchange).Wire], Rdata(Assert.Single(mx.Answers)));
        Assert.Equal([0, 1, 0, 2, 0x13, 0xc4, .. DnsName.Parse(UpstreamDnsmasq.SrvTarget).Wire], Rdata(Assert.Single(srv.Answers)));
        Assert.Empty(_services!.GetRequiredService<DnsRecursionCounters>().Snapshot().UpstreamFailures);
    }

    [Fact]
    public async Task Dotless_names_the_mesh_domain_and_its_reverse_zone_never_reach_the_upstream()
    {
        var forwarder = Forwarder(writeResolvFile: true);

        var dotless = await ResolveAsync(forwarder, "xen1");
        var mesh = await ResolveAsync(forwarder, "xen1.xen");
        var reverse = await ResolveAsync(forwarder, "17.0.168.192.in-addr.arpa", DnsRecordType.PTR);
        await ResolveAsync(forwarder, "www.example.test");
        await Upstream.WaitForQueryAsync("www.example.test", TestContext.Current.CancellationToken);

        Assert.All([dotless, mesh, reverse], r => Assert.Equal(DnsResponseCode.NXDomain, (DnsResponseCode)r.Rcode));
        Assert.Equal(["www.example.test"], Upstream.QueriedNames());
    }

    [Fact]
    public async Task A_source_outside_the_allowed_ranges_is_refused_and_a_listed_lan_range_is_served()
    {
        var forwarder = Forwarder(writeResolvFile: true);

        var outsider = await ResolveAsync(forwarder, "refused.example.test", client: new IPEndPoint(IPAddress.Parse("192.168.12.7"), 40000));
        var lan = await ResolveAsync(forwarder, "www.example.test", client: new IPEndPoint(IPAddress.Parse("192.168.11.7"), 40000));
        await Upstream.WaitForQueryAsync("www.example.test", TestContext.Current.CancellationToken);

        Assert.Equal(DnsResponseCode.Refused, (DnsResponseCode)outsider.Rcode);
        Assert.False(outsider.Header.RecursionAvailable);
        Assert.Single(lan.Answers);
        Assert.Equal(["www.example.test"], Upstream.QueriedNames());
    }

    [Fact]
    public async Task Without_a_resolv_file_forwards_get_servfail_until_the_file_names_the_upstream()
    {
        var forwarder = Forwarder(writeResolvFile: false);

        var before = await ResolveAsync(forwarder, "www.example.test");
        File.WriteAllText(ResolvFile, $"# the test's upstream\nnameserver {Upstream.EndPoint.Address}\n");

        Assert.Equal(DnsResponseCode.ServFail, (DnsResponseCode)before.Rcode);
        await Eventually.HoldsAsync(
            async () =>
            {
                var after = await ResolveAsync(forwarder, "www.example.test");
                return (after.Answers.Count == 1, ((DnsResponseCode)after.Rcode).ToString());
            },
            TimeSpan.FromSeconds(30), "the forwarder picking up the new resolv file", TestContext.Current.CancellationToken);
        var stats = _services!.GetRequiredService<DnsRecursionCounters>().Snapshot();
        Assert.True(stats.NoUpstream >= 1);
    }

    private IDnsRecursion Forwarder(bool writeResolvFile)
    {
        if (writeResolvFile)
            File.WriteAllText(ResolvFile, $"nameserver {Upstream.EndPoint.Address}\n");
        var settings = new XenMeshSettings
        {
            Dns = new DnsSettings
            {
                ResolvFile = ResolvFile,
                UpstreamPort = Upstream.EndPoint.Port,
                RecursionFrom = ["192.168.11.0/24"],
            },
        };
        Assert.Empty(SettingsValidator.Validate(settings));
        _services = new ServiceCollection().AddSingleton(settings).AddDnsRecursion().BuildServiceProvider();
        return _services.GetRequiredService<IDnsRecursion>();
    }

    private static byte[] Rdata(DnsResourceRecord record) => Assert.IsType<OpaqueRecordData>(record.Data).Bytes.ToArray();

    /// <summary>The upstream's own reply, as octets, to a query sent straight to it.</summary>
    private async Task<byte[]> AskUpstreamAsync(string name, DnsRecordType type, CancellationToken ct)
    {
        using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var query = DnsMessageWriter.Write(new DnsMessage
        {
            Header = new DnsHeader(0x5151, DnsHeader.RecursionDesiredBit),
            Questions = [new DnsQuestion(DnsName.Parse(name), type, DnsClass.IN)],
        });
        await udp.SendAsync(query, Upstream.EndPoint, ct);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(10));
        return (await udp.ReceiveAsync(deadline.Token)).Buffer;
    }

    private static async Task<DnsMessage> ResolveAsync(IDnsRecursion forwarder, string name, DnsRecordType type = DnsRecordType.A, IPEndPoint? client = null)
    {
        var query = DnsMessageWriter.Write(new DnsMessage
        {
            Header = new DnsHeader(0x4242, DnsHeader.RecursionDesiredBit),
            Questions = [new DnsQuestion(DnsName.Parse(name), type, DnsClass.IN)],
        });
        var response = new byte[DnsLimits.ClassicUdpPayload];
        var length = await forwarder.ResolveAsync(query, client ?? Guest, response.Length, response, TestContext.Current.CancellationToken);
        return DnsMessageParser.Parse(response.AsSpan(0, length));
    }
}
