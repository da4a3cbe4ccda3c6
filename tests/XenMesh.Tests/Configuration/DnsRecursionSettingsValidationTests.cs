using XenMesh.Node.Configuration;

namespace XenMesh.Tests.Configuration;

public sealed class DnsRecursionSettingsValidationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("xenmesh-dns-config-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void The_forwarder_settings_have_their_documented_defaults()
    {
        var (settings, errors) = SettingsLoader.Load(Write("{}"), []);

        Assert.Empty(errors);
        var dns = settings!.Dns;
        Assert.Equal(("/etc/resolv.upstream.conf", 53, TimeSpan.FromSeconds(2), 4096), (dns.ResolvFile, dns.UpstreamPort, dns.UpstreamTimeout, dns.CacheEntries));
        Assert.Empty(dns.RecursionFrom);
    }

    [Fact]
    public void Lan_ranges_and_a_test_upstream_port_are_accepted()
    {
        var (settings, errors) = SettingsLoader.Load(
            Write("""{ "dns": { "recursionFrom": [ "192.168.11.0/24", "10.1.2.3/32" ], "upstreamPort": 5353, "cacheEntries": 0 } }"""), []);

        Assert.Empty(errors);
        Assert.Equal(["192.168.11.0/24", "10.1.2.3/32"], settings!.Dns.RecursionFrom);
        Assert.Equal((5353, 0), (settings.Dns.UpstreamPort, settings.Dns.CacheEntries));
    }

    [Theory]
    [InlineData("""{ "dns": { "recursionFrom": [ "192.168.11.0/24", "192.168.11.1/24" ] } }""", "dns.recursionFrom.1: '192.168.11.1/24': host bits are set; the network is 192.168.11.0/24")]
    [InlineData("""{ "dns": { "recursionFrom": [ "lan" ] } }""", "dns.recursionFrom.0: 'lan': ")]
    [InlineData("""{ "dns": { "recursionFrom": [ "0.0.0.0/0" ] } }""", "dns.recursionFrom.0: 0.0.0.0/0 would make the agent an open resolver")]
    [InlineData("""{ "dns": { "upstreamPort": 0 } }""", "dns.upstreamPort: 0 is not a UDP port (1-65535)")]
    [InlineData("""{ "dns": { "upstreamTimeout": "00:01:00" } }""", "dns.upstreamTimeout: 00:01:00 is outside 00:00:00.0500000 .. 00:00:30")]
    [InlineData("""{ "dns": { "cacheEntries": -1 } }""", "dns.cacheEntries: -1 is outside 0 .. 1000000")]
    public void Bad_forwarder_settings_are_fatal_with_key_and_reason(string json, string expected)
    {
        var (settings, errors) = SettingsLoader.Load(Write(json), []);

        Assert.Null(settings);
        Assert.Contains(errors, e => e.ToString().StartsWith(expected, StringComparison.Ordinal));
    }

    private string Write(string json)
    {
        var path = Path.Combine(_directory, "xenmesh.json");
        File.WriteAllText(path, json);
        return path;
    }
}
