using XenMesh.Node.Configuration;
using XenMesh.Node.Dns;

namespace XenMesh.Tests.Dns;

public sealed class DnsHostingTests
{
    [Fact]
    public void By_default_each_address_gets_one_UDP_socket_per_two_cores()
    {
        var options = DnsHosting.ServerOptions(new XenMeshSettings());

        Assert.Equal(Math.Max(1, Environment.ProcessorCount / 2), options.UdpSockets);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 1)]
    [InlineData(3, 1)]
    [InlineData(4, 2)]
    [InlineData(16, 8)]
    public void The_default_socket_count_is_half_the_cores_and_at_least_one(int cores, int sockets) =>
        Assert.Equal(sockets, DnsHosting.DefaultUdpSockets(cores));

    [Fact]
    public void Dns_udpSockets_sets_the_UDP_sockets_per_address()
    {
        var settings = new XenMeshSettings();
        settings.Dns.UdpSockets = 1;

        Assert.Equal(1, DnsHosting.ServerOptions(settings).UdpSockets);
    }
}
