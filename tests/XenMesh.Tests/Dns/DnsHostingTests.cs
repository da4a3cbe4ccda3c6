using XenMesh.Node.Configuration;
using XenMesh.Node.Dns;

namespace XenMesh.Tests.Dns;

public sealed class DnsHostingTests
{
    [Fact]
    public void By_default_each_address_gets_one_UDP_socket_per_core()
    {
        var options = DnsHosting.ServerOptions(new XenMeshSettings());

        Assert.Equal(Environment.ProcessorCount, options.UdpSockets);
    }

    [Fact]
    public void Dns_udpSockets_sets_the_UDP_sockets_per_address()
    {
        var settings = new XenMeshSettings();
        settings.Dns.UdpSockets = 1;

        Assert.Equal(1, DnsHosting.ServerOptions(settings).UdpSockets);
    }
}
