using System.Net;
using XenMesh.Messages.Values;
using XenMesh.Node.Dns.Recursion;

namespace XenMesh.Tests.Dns.Recursion;

public sealed class RecursionAccessListTests
{
    private static readonly RecursionAccessList Acl = new([Subnet("192.168.0.0/24"), Subnet("192.168.11.0/24")]);

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.8.9.10")]
    [InlineData("::1")]
    [InlineData("192.168.0.17")]
    [InlineData("192.168.11.5")]
    [InlineData("::ffff:192.168.0.17")]
    public void Loopback_the_guest_subnet_and_listed_ranges_may_recurse(string client) =>
        Assert.True(Acl.Permits(IPAddress.Parse(client)));

    [Theory]
    [InlineData("192.168.1.17")]
    [InlineData("10.0.0.1")]
    [InlineData("2001:db8::1")]
    [InlineData("::ffff:10.0.0.1")]
    public void Everyone_else_may_not(string client) =>
        Assert.False(Acl.Permits(IPAddress.Parse(client)));

    private static Ipv4Subnet Subnet(string text) =>
        Ipv4Subnet.TryParse(text, out var subnet, out var error) ? subnet : throw new ArgumentException(error, nameof(text));
}
