using XenMesh.Node.Configuration;

namespace XenMesh.Tests.Configuration;

public sealed class SettingsLoaderTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("xenmesh-config-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void The_example_config_reproduces_the_hand_made_setup()
    {
        var path = Path.Combine(RepositoryRoot(), "deploy", "config", "xenmesh.example.json");

        var (settings, errors) = SettingsLoader.Load(path, []);

        Assert.Empty(errors);
        Assert.NotNull(settings);
        Assert.Equal("kubikal", settings.Host.Id);
        Assert.Equal("br0", settings.Bridge.Name);
        Assert.Equal("192.168.0.254/24", settings.Bridge.Address);
        Assert.Equal("192.168.0.1", settings.Dhcp.RangeStart);
        Assert.Equal("192.168.0.253", settings.Dhcp.RangeEnd);
        Assert.Equal(TimeSpan.FromDays(3), settings.Dhcp.LeaseTime);
        Assert.Equal("xen", settings.Dns.Domain);
        Assert.Equal("/etc/resolv.upstream.conf", settings.Dns.ResolvFile);
        Assert.Equal((53, TimeSpan.FromSeconds(30)), (settings.Dns.Port, settings.Dns.Ttl));
        Assert.Equal("eth0", settings.Lan.Interface);
        Assert.Equal("192.168.11.100", settings.Lan.Address);
        Assert.Equal("192.168.11.254", settings.Lan.Gateway);
    }

    [Fact]
    public void An_empty_file_gives_the_defaults()
    {
        var (settings, errors) = SettingsLoader.Load(Write("{}"), []);

        Assert.Empty(errors);
        Assert.NotNull(settings);
        Assert.Equal("br0", settings.Bridge.Name);
        Assert.Equal(9110, settings.CommandHost.Port);
        Assert.Equal(("sqlite", "full"), (settings.Persistence.Provider, settings.Persistence.SqliteSynchronous));
        Assert.True(settings.Bridge.Filter);
    }

    [Fact]
    public void The_bridge_filter_can_be_switched_off()
    {
        var (settings, errors) = SettingsLoader.Load(Write("""{ "bridge": { "filter": false } }"""), []);

        Assert.Empty(errors);
        Assert.False(settings!.Bridge.Filter);
    }

    [Fact]
    public void Environment_overrides_win_over_the_file()
    {
        var path = Write("""{ "bridge": { "name": "br0" } }""");

        var (settings, errors) = SettingsLoader.Load(path, [
            new("XENMESH__BRIDGE__NAME", "xenbr1"),
            new("XENMESH__COMMANDHOST__PORT", "9777"),
            new("UNRELATED", "x"),
        ]);

        Assert.Empty(errors);
        Assert.Equal("xenbr1", settings!.Bridge.Name);
        Assert.Equal(9777, settings.CommandHost.Port);
    }

    [Theory]
    [InlineData("""{ "bridge": { "adress": "192.168.0.254/24" } }""", "bridge.adress: unknown key")]
    [InlineData("""{ "dhcpp": { "rangeStart": "192.168.0.1" } }""", "dhcpp.rangeStart: unknown key")]
    [InlineData("""{ "bridge": { "address": "192.168.0.254" } }""", "bridge.address: '192.168.0.254': expected an IPv4 address with a prefix length, like 192.168.0.254/24")]
    [InlineData("""{ "bridge": { "address": "192.168.0.300/24" } }""", "bridge.address: '192.168.0.300/24': '192.168.0.300' is not an IPv4 address")]
    [InlineData("""{ "bridge": { "address": "192.168.0.254/33" } }""", "bridge.address: '192.168.0.254/33': '33' is not a prefix length between 0 and 32")]
    [InlineData("""{ "bridge": { "address": "192.168.0.255/24" } }""", "bridge.address: '192.168.0.255/24' is the network or broadcast address of 192.168.0.0/24")]
    [InlineData("""{ "bridge": { "name": "br0;reboot" } }""", "bridge.name: 'br0;reboot' is not an interface name: use letters, digits, '.', '_' or '-', starting with a letter or digit")]
    [InlineData("""{ "bridge": { "name": "a-very-long-bridge" } }""", "bridge.name: 'a-very-long-bridge' is longer than 15 bytes")]
    [InlineData("""{ "bridge": { "name": "-x" } }""", "bridge.name: '-x' is not an interface name: use letters, digits, '.', '_' or '-', starting with a letter or digit")]
    [InlineData("""{ "bridge": { "checkInterval": "00:00:00" } }""", "bridge.checkInterval: must be a positive time span such as 00:00:30")]
    [InlineData("""{ "bridge": { "filter": "maybe" } }""", "bridge.filter: 'maybe' is not a valid boolean (true or false)")]
    [InlineData("""{ "dhcp": { "rangeStart": "192.168.1.1" } }""", "dhcp.rangeStart: '192.168.1.1' is outside the bridge subnet 192.168.0.0/24 (or is its network or broadcast address)")]
    [InlineData("""{ "dhcp": { "rangeEnd": "192.168.0.255" } }""", "dhcp.rangeEnd: '192.168.0.255' is outside the bridge subnet 192.168.0.0/24 (or is its network or broadcast address)")]
    [InlineData("""{ "dhcp": { "rangeStart": "192.168.0.200", "rangeEnd": "192.168.0.100" } }""", "dhcp.rangeEnd: '192.168.0.100' comes before dhcp.rangeStart '192.168.0.200'")]
    [InlineData("""{ "dhcp": { "rangeStart": "0x7f.1" } }""", "dhcp.rangeStart: '0x7f.1' is not an IPv4 address")]
    [InlineData("""{ "dhcp": { "leaseTime": "00:00:30" } }""", "dhcp.leaseTime: 00:00:30 is outside 00:02:00 .. 365.00:00:00")]
    [InlineData("""{ "dns": { "domain": "xen." } }""", "dns.domain: 'xen.' is not a domain name (dot-separated RFC 1123 labels, no trailing dot)")]
    [InlineData("""{ "dns": { "resolvFile": "resolv.conf" } }""", "dns.resolvFile: 'resolv.conf' is not an absolute path")]
    [InlineData("""{ "dns": { "port": 0 } }""", "dns.port: 0 is not a port (1-65535)")]
    [InlineData("""{ "dns": { "udpSockets": -1 } }""", "dns.udpSockets: -1 is not a socket count (0 = one per two cores, at most 64)")]
    [InlineData("""{ "dns": { "ttl": "00:00:00.5" } }""", "dns.ttl: 00:00:00.5000000 is not a whole number of seconds between 0 and 1 day")]
    [InlineData("""{ "dns": { "ttl": "2.00:00:00" } }""", "dns.ttl: 2.00:00:00 is not a whole number of seconds between 0 and 1 day")]
    [InlineData("""{ "dns": { "listen": [ "192.168.11.100", "0.0.0.0" ] } }""", "dns.listen.1: the wildcard address would expose the resolver on every interface, uplink included")]
    [InlineData("""{ "host": { "id": "kubikal_1" } }""", "host.id: 'kubikal_1' is not an RFC 1123 label (letters, digits, inner hyphens, at most 63)")]
    [InlineData("""{ "host": { "id": "kubikal\n" } }""", "host.id: 'kubikal\n' is not an RFC 1123 label (letters, digits, inner hyphens, at most 63)")]
    [InlineData("""{ "host": { "stateDirectory": "state" } }""", "host.stateDirectory: 'state' is not an absolute path")]
    [InlineData("""{ "lan": { "interface": "br0" } }""", "lan.interface: 'br0' is the guest bridge; the uplink must be another interface")]
    [InlineData("""{ "lan": { "address": "192.168.0.7" } }""", "lan.address: '192.168.0.7' is inside the guest subnet 192.168.0.0/24; the LAN must be another network")]
    [InlineData("""{ "lan": { "gateway": "gateway" } }""", "lan.gateway: 'gateway' is not an IPv4 address")]
    [InlineData("""{ "commandHost": { "host": "0.0.0.0" } }""", "commandHost.host: '0.0.0.0' is not a loopback address; remote command access needs authentication, which this version does not have")]
    [InlineData("""{ "commandHost": { "port": 70000 } }""", "commandHost.port: 70000 is not a TCP port (1-65535)")]
    [InlineData("""{ "persistence": { "provider": "mysql" } }""", "persistence.provider: 'mysql' is not one of: sqlite, postgresql")]
    [InlineData("""{ "persistence": { "provider": "postgresql" } }""", "persistence.connectionString: required when persistence.provider is 'postgresql'")]
    [InlineData("""{ "persistence": { "sqliteSynchronous": "off" } }""", "persistence.sqliteSynchronous: 'off' is not one of: normal, full")]
    [InlineData("""{ "commandHost": { "port": "many" } }""", "commandHost.port: 'many' is not a valid integer")]
    [InlineData("""{ "dhcp": { "leaseTime": "three days" } }""", "dhcp.leaseTime: 'three days' is not a valid time span (d.hh:mm:ss)")]
    public void Invalid_settings_are_refused_with_key_and_reason(string json, string expected)
    {
        var (settings, errors) = SettingsLoader.Load(Write(json), []);

        Assert.Null(settings);
        Assert.Contains(expected, errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Every_error_is_reported_not_only_the_first()
    {
        var (_, errors) = SettingsLoader.Load(Write("""{ "bridge": { "typo": 1 }, "dhcp": { "rangeStart": "10.0.0.1" }, "dns": { "domain": "" } }"""), []);

        Assert.Equal(["bridge.typo", "dhcp.rangeStart", "dns.domain"], errors.Select(e => e.Key).Order());
    }

    [Fact]
    public void A_missing_file_and_broken_json_are_reported()
    {
        var (_, missing) = SettingsLoader.Load(Path.Combine(_directory, "nope.json"), []);
        var (_, broken) = SettingsLoader.Load(Write("{ \"bridge\": "), []);

        Assert.Contains("does not exist", Assert.Single(missing).Reason, StringComparison.Ordinal);
        Assert.Contains("is not valid JSON", Assert.Single(broken).Reason, StringComparison.Ordinal);
    }

    private string Write(string json)
    {
        var path = Path.Combine(_directory, $"{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "XenMesh.sln")))
            directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("XenMesh.sln not found above the test binaries");
    }
}
