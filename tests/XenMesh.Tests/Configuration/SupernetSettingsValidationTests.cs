using XenMesh.Node.Configuration;

namespace XenMesh.Tests.Configuration;

public sealed class SupernetSettingsValidationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("xenmesh-supernet-config-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_supernet_without_an_address_leaves_the_subnet_to_the_assignment()
    {
        var (settings, errors) = Load("""{ "bridge": { "supernet": "10.77.0.0/16" }, "lan": { "address": "192.168.11.100" } }""");

        Assert.Empty(errors);
        Assert.True(settings!.Bridge.AssignsAddress);
        Assert.Equal("10.77.0.0/16", settings.Bridge.Supernet);
    }

    [Fact]
    public void An_address_inside_the_supernet_is_used_as_configured()
    {
        var (settings, errors) = Load("""{ "bridge": { "supernet": "10.77.0.0/16", "address": "10.77.5.1/24" } }""");

        Assert.Empty(errors);
        Assert.False(settings!.Bridge.AssignsAddress);
        Assert.Equal("10.77.5.1/24", settings.Bridge.Address);
    }

    [Fact]
    public void Without_a_supernet_the_default_address_stands()
    {
        var (settings, errors) = Load("{}");

        Assert.Empty(errors);
        Assert.False(settings!.Bridge.AssignsAddress);
        Assert.Equal("192.168.0.254/24", settings.Bridge.Address);
    }

    [Theory]
    [InlineData("""{ "bridge": { "supernet": "10.77.0.0" } }""", "bridge.supernet: '10.77.0.0': expected an IPv4 address with a prefix length, like 192.168.0.254/24")]
    [InlineData("""{ "bridge": { "supernet": "10.77.1.0/16" } }""", "bridge.supernet: '10.77.1.0/16': host bits are set; the network is 10.77.0.0/16")]
    [InlineData("""{ "bridge": { "supernet": "10.77.0.0/25" } }""", "bridge.supernet: '10.77.0.0/25': a supernet needs a prefix of /24 or shorter, each host gets a /24 of it")]
    [InlineData("""{ "bridge": { "supernet": "10.77.0.0/16", "address": "10.78.0.254/24" } }""", "bridge.address: '10.78.0.254/24': its subnet 10.78.0.0/24 is not inside bridge.supernet 10.77.0.0/16")]
    [InlineData("""{ "bridge": { "supernet": "10.77.0.0/16", "address": "10.77.0.254/15" } }""", "bridge.address: '10.77.0.254/15': its subnet 10.76.0.0/15 is not inside bridge.supernet 10.77.0.0/16")]
    [InlineData("""{ "bridge": { "supernet": "10.77.0.0/16" }, "dhcp": { "rangeStart": "10.77.0.10" } }""", "dhcp.rangeStart: cannot be given when the bridge's /24 is assigned from bridge.supernet (no bridge.address): the /24 is not known before the assignment")]
    [InlineData("""{ "bridge": { "supernet": "10.77.0.0/16" }, "lan": { "address": "10.77.200.1" } }""", "lan.address: '10.77.200.1' is inside the guest subnet 10.77.0.0/16; the LAN must be another network")]
    public void Bad_supernet_settings_are_fatal_with_key_and_reason(string json, string expected)
    {
        var (settings, errors) = Load(json);

        Assert.Null(settings);
        Assert.Contains(expected, errors.Select(e => e.ToString()));
    }

    private (XenMeshSettings? Settings, IReadOnlyList<ConfigError> Errors) Load(string json)
    {
        var path = Path.Combine(_directory, "agent.json");
        File.WriteAllText(path, json);
        return SettingsLoader.Load(path, []);
    }
}
