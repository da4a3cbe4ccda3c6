using System.Net;
using XenMesh.Node.Dns.Recursion;

namespace XenMesh.Tests.Dns.Recursion;

public sealed class ResolvFileParserTests
{
    [Fact]
    public void Nameserver_lines_give_IPv4_and_IPv6_servers_in_file_order_and_everything_else_is_ignored()
    {
        var (servers, rejected) = ResolvFileParser.Parse("""
            # upstream resolvers for the mesh
            ; written by hand
            search example.org
            nameserver 192.0.2.53
              nameserver	2001:db8::53   # trailing words are ignored
            options edns0
            nameserver 192.0.2.53
            nameserver fe80::1%2

            """);

        Assert.Equal([IPAddress.Parse("192.0.2.53"), IPAddress.Parse("2001:db8::53"), IPAddress.Parse("fe80::1%2")], servers);
        Assert.Empty(rejected);
    }

    [Theory]
    [InlineData("nameserver", "line 1: nameserver without an address")]
    [InlineData("nameserver dns.example.org", "line 1: 'dns.example.org' is not an IPv4 or IPv6 address")]
    [InlineData("nameserver 127.1", "line 1: '127.1' is not an IPv4 or IPv6 address")]
    [InlineData("nameserver 0.0.0.0", "line 1: '0.0.0.0' is the wildcard address, no server")]
    public void A_line_naming_no_server_is_rejected_with_its_line_and_reason(string text, string reason)
    {
        var (servers, rejected) = ResolvFileParser.Parse(text + "\nnameserver 192.0.2.1");

        Assert.Equal([IPAddress.Parse("192.0.2.1")], servers);
        Assert.Equal([reason], rejected);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# nothing here\n")]
    [InlineData("#nameserver 192.0.2.1\n;nameserver 192.0.2.2\nsearch xen\n")]
    public void A_file_without_nameserver_lines_names_no_server(string text) =>
        Assert.Empty(ResolvFileParser.Parse(text).Servers);
}
