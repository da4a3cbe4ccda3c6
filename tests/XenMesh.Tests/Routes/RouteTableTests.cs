using System.Net;
using XenMesh.Messages.Values;
using XenMesh.Node.Configuration;
using XenMesh.Node.Routes;

namespace XenMesh.Tests.Routes;

public sealed class RouteTableTests
{
    [Fact]
    public void A_host_alone_routes_its_bridge_subnet_via_its_lan_address()
    {
        var settings = new XenMeshSettings { Host = { Id = "kubikal" }, Lan = { Address = "192.168.11.100" } };

        var table = LocalRouteTable.From(settings);

        Assert.Equal([new DesiredRoute(new Ipv4Subnet(0xC0A80000, 24), IPAddress.Parse("192.168.11.100"), "kubikal", Metric: DesiredRoute.OwnMetric)], table.Routes);
    }

    [Fact]
    public void Without_a_lan_address_the_table_is_empty() =>
        Assert.Empty(LocalRouteTable.From(new XenMeshSettings()).Routes);

    [Fact]
    public void A_subnet_appears_once()
    {
        var route = RouteExportTests.Mesh.Routes[0];

        var error = Assert.Throws<ArgumentException>(() => new RouteTable([route, route with { Host = "other" }]));

        Assert.StartsWith("192.168.0.0/24 appears twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tables_with_the_same_routes_are_equal_whatever_the_order()
    {
        Assert.Equal(RouteExportTests.Mesh, new RouteTable(RouteExportTests.Mesh.Routes.Reverse()));
        Assert.Equal(["kubikal", "rack-2"], RouteExportTests.Mesh.Live.Select(r => r.Host));
    }
}
