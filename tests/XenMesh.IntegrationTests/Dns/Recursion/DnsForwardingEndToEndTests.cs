using System.Net;
using System.Text.Json;
using XenMesh.IntegrationTests.TestHost;

namespace XenMesh.IntegrationTests.Dns.Recursion;

/// <summary>
/// dig in a guest → the real agent on the guest bridge → dnsmasq as the upstream, each in a namespace of
/// its own: the dom0 (<c>&lt;prefix&gt;-dom0</c>, agent and br0), a guest on a vif (<c>-g1</c>,
/// 192.168.0.17), and the upstream (<c>-up</c>, 10.53.0.2, reached from the dom0 over a veth and allowed
/// no recursion, so it also plays the LAN host outside <c>dns.recursionFrom</c>).
/// </summary>
public sealed class DnsForwardingEndToEndTests : IAsyncLifetime
{
    private const string BridgeAddress = "192.168.0.254";
    private static readonly IPAddress UpstreamAddress = IPAddress.Parse("10.53.0.2");

    private readonly string _prefix = TestPrefix.New();
    private readonly List<NetworkNamespace> _namespaces = [];
    private string? _folder;
    private UpstreamDnsmasq? _upstream;
    private AgentProcess? _agent;
    private NetworkNamespace? _guest;
    private NetworkNamespace? _lan;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>xunit does not dispose a class whose initialisation failed, so a failed set-up removes what it made.</summary>
    public async ValueTask InitializeAsync()
    {
        try
        {
            await SetUpAsync();
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    private async Task SetUpAsync()
    {
        await NetworkNamespace.RemoveLeftoversAsync(_prefix, Ct);
        _folder = Directory.CreateTempSubdirectory(_prefix + "-").FullName;
        var dom0 = await AddNamespaceAsync("dom0");
        await dom0.IpAsync(Ct, "link", "add", "name", "br0", "type", "bridge");
        await dom0.IpAsync(Ct, "link", "set", "dev", "br0", "up");

        _lan = await AddNamespaceAsync("up");
        await dom0.IpAsync(Ct, "link", "add", "name", "up0", "type", "veth", "peer", "name", "eth0", "netns", _lan.Name);
        await dom0.IpAsync(Ct, "addr", "add", "10.53.0.1/30", "dev", "up0");
        await dom0.IpAsync(Ct, "link", "set", "dev", "up0", "up");
        await _lan.IpAsync(Ct, "addr", "add", $"{UpstreamAddress}/30", "dev", "eth0");
        await _lan.IpAsync(Ct, "link", "set", "dev", "eth0", "up");
        await _lan.IpAsync(Ct, "route", "add", "192.168.0.0/24", "via", "10.53.0.1");
        _upstream = await UpstreamDnsmasq.StartAsync(_lan, UpstreamAddress, _folder, Ct);

        _guest = await AddNamespaceAsync("g1");
        await dom0.IpAsync(Ct, "link", "add", "name", "vif1.0", "type", "veth", "peer", "name", "eth0", "netns", _guest.Name);
        await dom0.IpAsync(Ct, "link", "set", "dev", "vif1.0", "master", "br0", "up");
        await _guest.IpAsync(Ct, "addr", "add", "192.168.0.17/24", "dev", "eth0");
        await _guest.IpAsync(Ct, "link", "set", "dev", "eth0", "up");

        var resolvFile = Path.Combine(_folder, "resolv.upstream.conf");
        await File.WriteAllTextAsync(resolvFile, $"nameserver {UpstreamAddress}\n", Ct);
        _agent = await AgentProcess.StartAsync(
            new AgentOptions(dom0, Path.Combine(_folder, "state"), "kubikal")
            {
                BridgeFilter = false,
                Dns = new { resolvFile, recursionFrom = new[] { "192.168.11.0/24" } },
            },
            Ct);
        await Eventually.HoldsAsync(
            async () =>
            {
                var answer = await DigAnswer.QueryAsync(_guest, BridgeAddress, "xen", "SOA", Ct);
                return (answer.Status == "NOERROR", answer.Output);
            },
            TimeSpan.FromSeconds(60), "the agent answering DNS on the bridge", Ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (_agent is not null)
            await _agent.DisposeAsync();
        if (_upstream is not null)
            await _upstream.DisposeAsync();
        foreach (var created in _namespaces)
            await created.DisposeAsync();
        if (_folder is not null)
            Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_guest_resolves_a_name_outside_the_mesh_through_the_upstream_over_udp_and_tcp()
    {
        var udp = await DigAnswer.QueryAsync(_guest!, BridgeAddress, "www.example.test", "A", Ct);
        var tcp = await DigAnswer.QueryAsync(_guest!, BridgeAddress, "Other.Wild.Example.Test", "A", Ct, tcp: true);

        Assert.Equal(("NOERROR", "NOERROR"), (udp.Status, tcp.Status));
        Assert.Contains("ra", udp.Flags);
        Assert.Contains(udp.Answers, l => l.EndsWith(UpstreamDnsmasq.WwwAddress.ToString(), StringComparison.Ordinal));
        Assert.Contains(tcp.Answers, l => l.EndsWith(UpstreamDnsmasq.WildAddress.ToString(), StringComparison.Ordinal));
        await _upstream!.WaitForQueryAsync("other.wild.example.test", Ct);
        Assert.Equal(["www.example.test", "other.wild.example.test"], _upstream.QueriedNames());
    }

    [Fact]
    public async Task Dotless_names_and_the_mesh_domain_never_reach_the_upstream()
    {
        var dotless = await DigAnswer.QueryAsync(_guest!, BridgeAddress, "xen1", "A", Ct);
        var mesh = await DigAnswer.QueryAsync(_guest!, BridgeAddress, "nobody.xen", "A", Ct);
        var reverse = await DigAnswer.QueryAsync(_guest!, BridgeAddress, "99.0.168.192.in-addr.arpa", "PTR", Ct);
        await DigAnswer.QueryAsync(_guest!, BridgeAddress, "sentinel.wild.example.test", "A", Ct);
        await _upstream!.WaitForQueryAsync("sentinel.wild.example.test", Ct);

        Assert.Equal(["NXDOMAIN", "NXDOMAIN", "NXDOMAIN"], new[] { dotless.Status, mesh.Status, reverse.Status });
        Assert.Equal(["sentinel.wild.example.test"], _upstream.QueriedNames());
        var stats = JsonDocument.Parse(Programs.EnsureSucceeded(await _agent!.CliAsync(Ct, "dns", "stats", "-j")).StandardOutput).RootElement;
        Assert.Equal(1, stats.GetProperty("Forwarder.NotForwarded.Dotless").GetInt64());
        Assert.Equal(1, stats.GetProperty("Forwarder.Forwarded").GetInt64());
    }

    [Fact]
    public async Task A_source_outside_the_allowed_ranges_is_refused()
    {
        var refused = await DigAnswer.QueryAsync(_lan!, BridgeAddress, "www.example.test", "A", Ct);
        await DigAnswer.QueryAsync(_guest!, BridgeAddress, "sentinel.wild.example.test", "A", Ct);
        await _upstream!.WaitForQueryAsync("sentinel.wild.example.test", Ct);

        Assert.Equal("REFUSED", refused.Status);
        Assert.DoesNotContain("ra", refused.Flags);
        Assert.Equal(["sentinel.wild.example.test"], _upstream.QueriedNames());
    }

    private async Task<NetworkNamespace> AddNamespaceAsync(string name)
    {
        var created = await NetworkNamespace.CreateAsync($"{_prefix}-{name}", Ct);
        _namespaces.Add(created);
        return created;
    }
}
