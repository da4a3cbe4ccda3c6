using XenMesh.Node.Configuration;
using XenMesh.Node.Rip;

namespace XenMesh.Tests.Configuration;

public sealed class RipSettingsValidationTests : IDisposable
{
    private const string Lan = """ "lan": { "interface": "eth0", "address": "192.168.11.100", "gateway": "192.168.11.254" } """;

    private readonly string _directory = Directory.CreateTempSubdirectory("xenmesh-rip-config-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Rip_is_off_by_default_multicast_every_30_seconds_without_authentication()
    {
        var (settings, errors) = SettingsLoader.Load(Write("{}", "agent.json"), []);

        Assert.Empty(errors);
        Assert.Equal((false, "multicast", TimeSpan.FromSeconds(30), null), (settings!.Rip.Enabled, settings.Rip.Mode, settings.Rip.Interval, settings.Rip.Authentication));
    }

    [Fact]
    public void A_key_file_gives_the_speaker_its_key_without_the_trailing_newline()
    {
        var keyFile = Write("secret\n", "rip.key");
        var (settings, errors) = SettingsLoader.Load(
            Write($$"""{ {{Lan}}, "rip": { "enabled": true, "mode": "unicast", "interval": "00:00:02", "authentication": { "keyId": 7, "keyFile": "{{keyFile}}" } } }""", "agent.json"), []);

        Assert.Empty(errors);
        var options = RipHosting.Options(settings!);
        Assert.Equal("192.168.11.254:520", options.Destination.ToString());
        Assert.Equal((byte)7, options.Key!.KeyId);
        Assert.Equal("secret"u8.ToArray(), options.Key.Secret.ToArray());
        Assert.Equal(("eth0", TimeSpan.FromSeconds(2), 520), (options.Device, options.Interval, options.Port));
        Assert.False(options.Multicast);
    }

    [Theory]
    [InlineData("""{ "rip": { "enabled": true } }""", "lan.interface: required when rip.enabled is true: the speaker sends on it and nowhere else")]
    [InlineData("""{ "rip": { "enabled": true } }""", "lan.address: required when rip.enabled is true: it is the next hop the gateway learns")]
    [InlineData("""{ "lan": { "interface": "eth0", "address": "192.168.11.100" }, "rip": { "enabled": true, "mode": "unicast" } }""", "lan.gateway: required when rip.mode is 'unicast' and rip.gateways is empty: updates are sent to it")]
    [InlineData("""{ "rip": { "gateways": ["192.168.11.1", "gw"] } }""", "rip.gateways.1: 'gw' is not an IPv4 address")]
    [InlineData("""{ "rip": { "mode": "unicast", "gateways": ["192.168.11.1", "192.168.11.1"] } }""", "rip.gateways.1: '192.168.11.1' is listed twice")]
    [InlineData("""{ "rip": { "gateways": ["192.168.11.1", "192.168.11.2"] } }""", "rip.gateways: multicast reaches every router on the LAN with one speaker: name at most one gateway, or set rip.mode to 'unicast'")]
    [InlineData("""{ "rip": { "mode": "broadcast" } }""", "rip.mode: 'broadcast' is not one of: multicast, unicast")]
    [InlineData("""{ "rip": { "interval": "00:00:00.500" } }""", "rip.interval: 00:00:00.5000000 is outside 00:00:01 .. 00:10:00")]
    [InlineData("""{ "rip": { "authentication": { "keyId": 1 } } }""", "rip.authentication.keyFile: required in a rip.authentication section")]
    [InlineData("""{ "rip": { "authentication": { "keyId": 256, "keyFile": "/nonexistent/rip.key" } } }""", "rip.authentication.keyId: 256 is outside 0 .. 255")]
    [InlineData("""{ "rip": { "authentication": { "keyFile": "rip.key" } } }""", "rip.authentication.keyFile: 'rip.key' is not an absolute path")]
    [InlineData("""{ "rip": { "authentication": { "keyFile": "/nonexistent/rip.key" } } }""", "rip.authentication.keyFile: '/nonexistent/rip.key' cannot be read: Could not find a part of the path '/nonexistent/rip.key'.")]
    [InlineData("""{ "rip": { "port": 521 } }""", "rip.port: unknown key")]
    public void Bad_rip_settings_are_fatal_with_key_and_reason(string json, string expected)
    {
        var (settings, errors) = SettingsLoader.Load(Write(json, "agent.json"), []);

        Assert.Null(settings);
        Assert.Contains(expected, errors.Select(e => e.ToString()));
    }

    [Theory]
    [InlineData("""{ "lan": { "gateway": "192.168.11.254" } }""", "192.168.11.254")]
    [InlineData("{}", "224.0.0.9")]
    [InlineData("""{ "lan": { "gateway": "192.168.11.254" }, "rip": { "mode": "unicast", "gateways": ["192.168.11.1", "192.168.11.2"] } }""", "192.168.11.1,192.168.11.2")]
    public void The_gateways_default_to_lan_gateway_else_to_every_router_on_the_lan(string json, string expected)
    {
        var (settings, errors) = SettingsLoader.Load(Write(json, "agent.json"), []);

        Assert.Empty(errors);
        Assert.Equal(expected, string.Join(",", RipSettings.GatewaysOf(settings!)));
    }

    [Fact]
    public void In_unicast_mode_each_gateway_gets_its_own_speaker_destination()
    {
        var (settings, errors) = SettingsLoader.Load(
            Write($$"""{ {{Lan}}, "rip": { "enabled": true, "mode": "unicast", "gateways": ["192.168.11.1", "192.168.11.2"] } }""", "agent.json"), []);

        Assert.Empty(errors);
        Assert.Equal(["192.168.11.1:520", "192.168.11.2:520"], RipSettings.GatewaysOf(settings!).Select(g => RipHosting.Options(settings!, g).Destination.ToString()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("seventeen octets!")]
    public void A_key_must_be_1_to_16_octets(string key)
    {
        var keyFile = Write(key, "rip.key");

        var (_, errors) = SettingsLoader.Load(Write($$"""{ "rip": { "authentication": { "keyFile": "{{keyFile}}" } } }""", "agent.json"), []);

        Assert.Equal($"rip.authentication.keyFile: '{keyFile}' holds {key.Length} octets; a keyed-MD5 key is 1-16 octets", Assert.Single(errors).ToString());
    }

    private string Write(string content, string name)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }
}
