using XenMesh.Messages.Values;
using XenMesh.Node.Configuration;

namespace XenMesh.Tests.Configuration;

public sealed class DhcpSettingsValidationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("xenmesh-dhcp-config-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void The_pool_settings_have_their_documented_defaults()
    {
        var (settings, errors) = SettingsLoader.Load(Write("{}"), []);

        Assert.Empty(errors);
        var dhcp = settings!.Dhcp;
        Assert.Equal((TimeSpan.FromSeconds(30), TimeSpan.FromHours(1), TimeSpan.FromMinutes(1)), (dhcp.OfferTimeout, dhcp.QuarantineTime, dhcp.ExpirySweepInterval));
        Assert.Equal((2, 10, 20, 4), (dhcp.Limits.LeasesPerVif, dhcp.Limits.RequestsPerSecond, dhcp.Limits.RequestBurst, dhcp.Limits.QuarantinedPerVif));
        Assert.Empty(dhcp.Reservations);
        Assert.Equal((0xC0A80001u, 0xC0A800FEu), dhcp.EffectiveRange(new Ipv4Subnet(0xC0A80000, 24)));
    }

    [Theory]
    [InlineData("""{ "dhcp": { "offerTimeout": "00:00:00" } }""", "dhcp.offerTimeout: 00:00:00 is outside 00:00:01 .. 00:10:00")]
    [InlineData("""{ "dhcp": { "quarantineTime": "31.00:00:00" } }""", "dhcp.quarantineTime: 31.00:00:00 is outside 00:00:01 .. 30.00:00:00")]
    [InlineData("""{ "dhcp": { "expirySweepInterval": "02:00:00" } }""", "dhcp.expirySweepInterval: 02:00:00 is outside 00:00:01 .. 01:00:00")]
    [InlineData("""{ "dhcp": { "limits": { "leasesPerVif": 0 } } }""", "dhcp.limits.leasesPerVif: 0 is outside 1 .. 64")]
    [InlineData("""{ "dhcp": { "limits": { "requestsPerSecond": -1 } } }""", "dhcp.limits.requestsPerSecond: -1 is outside 1 .. 100000")]
    [InlineData("""{ "dhcp": { "limits": { "requestBurst": 0 } } }""", "dhcp.limits.requestBurst: 0 is outside 1 .. 1000000")]
    [InlineData("""{ "dhcp": { "limits": { "quarantinedPerVif": 2000 } } }""", "dhcp.limits.quarantinedPerVif: 2000 is outside 0 .. 1024")]
    [InlineData("""{ "dhcp": { "limits": { "burst": 5 } } }""", "dhcp.limits.burst: unknown key")]
    [InlineData("""{ "dhcp": { "reservations": [ { "mac": "00:16:3e:00:00:01", "ip": "192.168.0.9" } ] } }""", "dhcp.reservations.0.ip: unknown key")]
    [InlineData("""{ "bridge": { "address": "10.0.0.1/7" } }""", "dhcp.rangeStart: the range holds 33554430 addresses; the pool keeps at most 16777216 (a /8)")]
    [InlineData("""{ "dhcp": { "rangeStart": "192.168.0.254" } }""", "dhcp.rangeStart: the range holds only the bridge address 192.168.0.254, which is never handed out")]
    [InlineData("""{ "bridge": { "address": "10.0.0.1/24" }, "dhcp": { "rangeEnd": "10.0.0.1" } }""", "dhcp.rangeStart: the range holds only the bridge address 10.0.0.1, which is never handed out")]
    public void Bad_pool_settings_are_fatal_with_key_and_reason(string json, string expected)
    {
        var (settings, errors) = SettingsLoader.Load(Write(json), []);

        Assert.Null(settings);
        Assert.Contains(expected, errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Good_reservations_are_accepted_in_order_and_normalised()
    {
        var (settings, errors) = SettingsLoader.Load(Write("""
            { "dhcp": { "rangeStart": "192.168.0.1", "rangeEnd": "192.168.0.99", "reservations": [
                { "mac": "00:16:3E:00:00:01", "address": "192.168.0.100", "name": "DB" },
                { "domainName": "Web", "address": "192.168.0.5" },
                { "mac": "00:16:3e:00:00:03", "domainName": "mail", "address": "192.168.0.200", "name": "mail" } ] } }
            """), []);
        Assert.Empty(errors);

        var (accepted, skipped) = SettingsValidator.ValidateReservations(settings!);

        Assert.Empty(skipped);
        Assert.Equal(
            [
                new DhcpReservation("dhcp.reservations.0", MacAddress.Parse("00:16:3e:00:00:01"), null, System.Net.IPAddress.Parse("192.168.0.100"), "db"),
                new DhcpReservation("dhcp.reservations.1", null, "web", System.Net.IPAddress.Parse("192.168.0.5"), null),
                new DhcpReservation("dhcp.reservations.2", MacAddress.Parse("00:16:3e:00:00:03"), "mail", System.Net.IPAddress.Parse("192.168.0.200"), "mail"),
            ],
            accepted);
    }

    [Fact]
    public void A_bad_reservation_is_skipped_with_its_key_and_reason_and_the_service_still_starts()
    {
        var (settings, errors) = SettingsLoader.Load(Write("""
            { "dhcp": { "reservations": [
                { "mac": "00:16:3e:00:00:01", "address": "192.168.0.100", "name": "db" },
                { "mac": "00:16:3e:00:00:02", "address": "192.168.0.100" },
                { "mac": "00:16:3e:00:00:01", "address": "192.168.0.101" },
                { "mac": "01:00:5e:00:00:01", "address": "192.168.0.102" },
                { "mac": "00:16:3e:00:00:04", "address": "10.0.0.1" },
                { "mac": "00:16:3e:00:00:05", "address": "192.168.0.254" },
                { "mac": "00:16:3e:00:00:06", "address": "192.168.0.255" },
                { "address": "192.168.0.103" },
                { "domainName": "no_such", "address": "192.168.0.104" },
                { "mac": "00:16:3e:00:00:07", "address": "192.168.0.105", "name": "Db" },
                { "mac": "00:16:3e:00:00:08", "address": "192.168.0.106", "name": "-x" },
                { "mac": "00:16:3e:00:00:09" },
                { "domainName": "web", "address": "192.168.0.107" },
                { "domainName": "WEB", "address": "192.168.0.108" } ] } }
            """), []);
        Assert.Empty(errors);

        var (accepted, skipped) = SettingsValidator.ValidateReservations(settings!);

        Assert.Equal(["dhcp.reservations.0", "dhcp.reservations.12"], accepted.Select(r => r.Key));
        Assert.Equal(
            [
                "dhcp.reservations.1: address 192.168.0.100 is already reserved by dhcp.reservations.0",
                "dhcp.reservations.2: mac 00:16:3e:00:00:01 is already reserved by dhcp.reservations.0",
                "dhcp.reservations.3: mac '01:00:5e:00:00:01': a multicast MAC address is not a guest address",
                "dhcp.reservations.4: address 10.0.0.1 is outside the bridge subnet 192.168.0.0/24 (or is its network or broadcast address)",
                "dhcp.reservations.5: address 192.168.0.254 is the bridge's own address",
                "dhcp.reservations.6: address 192.168.0.255 is outside the bridge subnet 192.168.0.0/24 (or is its network or broadcast address)",
                "dhcp.reservations.7: needs a mac or a domainName to find its guest",
                "dhcp.reservations.8: domainName 'no_such' is not an RFC 1123 label, so no Xen domain carries it",
                "dhcp.reservations.9: name db is already reserved by dhcp.reservations.0",
                "dhcp.reservations.10: name '-x' is not an RFC 1123 label (letters, digits, inner hyphens, at most 63)",
                "dhcp.reservations.11: needs an address",
                "dhcp.reservations.13: domainName web is already reserved by dhcp.reservations.12",
            ],
            skipped.Select(e => e.ToString()));
    }

    private string Write(string json)
    {
        var path = Path.Combine(_directory, $"{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }
}
