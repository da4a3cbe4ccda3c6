using System.Net;
using System.Text.Json;
using XenMesh.Messages.Values;
using XenMesh.Node.Routes;

namespace XenMesh.Tests.Routes;

public sealed class RouteExportTests
{
    internal static readonly RouteTable Mesh = new(
    [
        new DesiredRoute(new Ipv4Subnet(0xC0A80100, 24), IPAddress.Parse("192.168.11.101"), "rack-2"),
        new DesiredRoute(new Ipv4Subnet(0xC0A80000, 24), IPAddress.Parse("192.168.11.100"), "kubikal"),
        new DesiredRoute(new Ipv4Subnet(0xC0A80200, 24), IPAddress.Parse("192.168.11.102"), "dead", Withdrawn: true),
    ]);

    [Fact]
    public void Linux_prints_ip_route_replace_per_live_route_in_subnet_order()
    {
        Assert.Equal(
            ["ip route replace 192.168.0.0/24 via 192.168.11.100", "ip route replace 192.168.1.0/24 via 192.168.11.101"],
            RouteExport.Render(Mesh, RouteExportFormat.Linux));
    }

    [Fact]
    public void OpenWrt_prints_uci_route_sections_named_after_the_host()
    {
        Assert.Equal(
            [
                "config route 'xenmesh_kubikal'", "\toption interface 'lan'", "\toption target '192.168.0.0'", "\toption netmask '255.255.255.0'", "\toption gateway '192.168.11.100'", "",
                "config route 'xenmesh_rack_2'", "\toption interface 'lan'", "\toption target '192.168.1.0'", "\toption netmask '255.255.255.0'", "\toption gateway '192.168.11.101'", "",
            ],
            RouteExport.Render(Mesh, RouteExportFormat.OpenWrt));
    }

    [Fact]
    public void RouterOs_prints_ip_route_add_with_a_comment()
    {
        Assert.Equal(
            [
                "/ip route add dst-address=192.168.0.0/24 gateway=192.168.11.100 comment=\"xenmesh kubikal\"",
                "/ip route add dst-address=192.168.1.0/24 gateway=192.168.11.101 comment=\"xenmesh rack-2\"",
            ],
            RouteExport.Render(Mesh, RouteExportFormat.RouterOs));
    }

    [Fact]
    public void Bird_prints_a_static_protocol_block()
    {
        Assert.Equal(
            [
                "protocol static xenmesh {", "\tipv4;",
                "\troute 192.168.0.0/24 via 192.168.11.100; # kubikal",
                "\troute 192.168.1.0/24 via 192.168.11.101; # rack-2",
                "}",
            ],
            RouteExport.Render(Mesh, RouteExportFormat.Bird));
    }

    [Fact]
    public void Json_carries_every_route_withdrawn_ones_marked()
    {
        var json = string.Join('\n', RouteExport.Render(Mesh, RouteExportFormat.Json));

        var routes = JsonSerializer.Deserialize<RouteJson[]>(json, JsonSerializerOptions.Web);
        Assert.Equal(
            [
                new RouteJson("192.168.0.0/24", "192.168.11.100", "kubikal", false),
                new RouteJson("192.168.1.0/24", "192.168.11.101", "rack-2", false),
                new RouteJson("192.168.2.0/24", "192.168.11.102", "dead", true),
            ],
            routes!);
    }

    [Theory]
    [InlineData("linux", RouteExportFormat.Linux)]
    [InlineData("openwrt", RouteExportFormat.OpenWrt)]
    [InlineData("routeros", RouteExportFormat.RouterOs)]
    [InlineData("bird", RouteExportFormat.Bird)]
    [InlineData("json", RouteExportFormat.Json)]
    public void Every_listed_format_name_parses(string name, RouteExportFormat expected)
    {
        Assert.True(RouteExport.TryParseFormat(name, out var format));
        Assert.Equal(expected, format);
        Assert.Contains(name, RouteExport.FormatNames);
    }

    [Theory]
    [InlineData("Linux")]
    [InlineData("cisco")]
    [InlineData(null)]
    public void Other_names_do_not_parse(string? name) => Assert.False(RouteExport.TryParseFormat(name, out _));
}
