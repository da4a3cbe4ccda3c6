using XenMesh.Cluster.Bootstrap;
using XenMesh.Node.Configuration;
using XenMesh.Node.Mesh;

namespace XenMesh.Tests.Configuration;

public sealed class ClusterSettingsValidationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("xenmesh-cluster-config-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Without_a_cluster_section_the_agent_is_a_cluster_of_one_on_loopback()
    {
        var (settings, errors) = SettingsLoader.Load(Write("{}"), []);

        Assert.Empty(errors);
        Assert.Null(settings!.Cluster);
        var mesh = MeshAgentHosting.MeshOptionsFor(settings, witness: false);
        Assert.Equal(("127.0.0.1", 0, MeshRoles.Dom0), (mesh.Hostname, mesh.Port, mesh.Role));
        Assert.Empty(mesh.Seeds);
    }

    [Fact]
    public void A_cluster_section_defaults_to_the_lan_address_and_port_4053()
    {
        var (settings, errors) = SettingsLoader.Load(Write("""
            { "lan": { "address": "192.168.11.100" },
              "cluster": { "seeds": ["192.168.11.100:4053", "192.168.11.101:4053"] } }
            """), []);

        Assert.Empty(errors);
        var mesh = MeshAgentHosting.MeshOptionsFor(settings!, witness: true);
        Assert.Equal(("192.168.11.100", 4053, MeshRoles.Witness), (mesh.Hostname, mesh.Port, mesh.Role));
        Assert.Equal([("192.168.11.100", 4053), ("192.168.11.101", 4053)], mesh.Seeds);
        Assert.Equal((TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10)), (mesh.HeartbeatPause, mesh.StableAfter));
        Assert.Null(mesh.Tls);
    }

    [Fact]
    public void An_empty_cluster_section_is_no_section_at_all()
    {
        // Microsoft.Extensions.Configuration has no keys for an empty object, so nothing binds.
        var (settings, errors) = SettingsLoader.Load(Write("""{ "cluster": { } }"""), []);

        Assert.Empty(errors);
        Assert.Null(settings!.Cluster);
    }

    [Fact]
    public void An_environment_override_sets_a_cluster_key()
    {
        var (settings, errors) = SettingsLoader.Load(
            Write("""{ "cluster": { "hostname": "10.0.0.1" } }"""),
            [new("XENMESH__CLUSTER__PORT", "4100")]);

        Assert.Empty(errors);
        Assert.Equal(4100, settings!.Cluster!.Port);
    }

    [Theory]
    [InlineData("""{ "cluster": { "port": 4053 } }""", "cluster.hostname: required when lan.address is not set (the cluster address defaults to it)")]
    [InlineData("""{ "cluster": { "hostname": "kubikal" } }""", "cluster.hostname: 'kubikal' is not an IPv4 address")]
    [InlineData("""{ "cluster": { "hostname": "0.0.0.0" } }""", "cluster.hostname: the wildcard address cannot be advertised to other hosts")]
    [InlineData("""{ "cluster": { "hostname": "10.0.0.1", "port": 70000 } }""", "cluster.port: 70000 is not a TCP port (0-65535, 0 picks a free one)")]
    [InlineData("""{ "cluster": { "hostname": "10.0.0.1", "port": 0, "seeds": ["10.0.0.1:4053"] } }""", "cluster.port: 0 picks a random port, which other hosts' seed lists cannot name")]
    [InlineData("""{ "cluster": { "hostname": "10.0.0.1", "seeds": ["10.0.0.1"] } }""", "cluster.seeds.0: '10.0.0.1' is not host:port such as 192.168.11.100:4053")]
    [InlineData("""{ "cluster": { "hostname": "10.0.0.1", "seeds": ["rack2:4053"] } }""", "cluster.seeds.0: 'rack2' in 'rack2:4053' is not an IPv4 address")]
    [InlineData("""{ "cluster": { "hostname": "10.0.0.1", "seeds": ["10.0.0.2:0"] } }""", "cluster.seeds.0: '0' in '10.0.0.2:0' is not a TCP port (1-65535)")]
    [InlineData("""{ "cluster": { "hostname": "10.0.0.1", "stableAfter": "00:00:01" } }""", "cluster.stableAfter: 00:00:01 is outside 00:00:02 .. 00:05:00")]
    [InlineData("""{ "cluster": { "hostname": "10.0.0.1", "heartbeatPause": "00:05:00" } }""", "cluster.heartbeatPause: 00:05:00 is outside 00:00:01 .. 00:01:00")]
    [InlineData("""{ "cluster": { "hostname": "10.0.0.1", "claimRefreshInterval": "00:00:00" } }""", "cluster.claimRefreshInterval: 00:00:00 is outside 00:00:01 .. 01:00:00")]
    [InlineData("""{ "cluster": { "hostname": "10.0.0.1", "tls": { "password": "secret" } } }""", "cluster.tls.certificate: required when cluster.tls is present")]
    [InlineData("""{ "cluster": { "hostname": "10.0.0.1", "tls": { "certificate": "node.pfx" } } }""", "cluster.tls.certificate: 'node.pfx' is not an absolute path")]
    [InlineData("""{ "cluster": { "hostname": "10.0.0.1", "tls": { "certificate": "/nonexistent/node.pfx" } } }""", "cluster.tls.certificate: file '/nonexistent/node.pfx' does not exist")]
    [InlineData("""{ "cluster": { "hostname": "10.0.0.1", "tls": { "trustedThumbprints": ["abc"] } } }""", "cluster.tls.trustedThumbprints.0: 'abc' is not a SHA-1 thumbprint (40 hex digits)")]
    [InlineData("""{ "cluster": { "hostname": "10.0.0.1", "sbr": "keep-oldest" } }""", "cluster.sbr: unknown key")]
    public void Bad_cluster_settings_are_fatal_with_key_and_reason(string json, string expected)
    {
        var (settings, errors) = SettingsLoader.Load(Write(json), []);

        Assert.Null(settings);
        Assert.Contains(expected, errors.Select(e => e.ToString()));
    }

    [Fact]
    public void A_certificate_file_that_is_not_pkcs12_is_refused()
    {
        var path = Path.Combine(_directory, "node.pfx");
        File.WriteAllText(path, "not a certificate");

        var (settings, errors) = SettingsLoader.Load(Write($$"""{ "cluster": { "hostname": "10.0.0.1", "tls": { "certificate": "{{path}}" } } }"""), []);

        Assert.Null(settings);
        Assert.Contains(errors, e => e.Key == "cluster.tls.certificate" && e.Reason.StartsWith($"'{path}' is not a PKCS#12 file", StringComparison.Ordinal));
    }

    private string Write(string json)
    {
        var path = Path.Combine(_directory, $"{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }
}
