using XenMesh.Node.Commands.Client;

namespace XenMesh.Tests.Commands.Client;

public sealed class ClientEndpointTests
{
    [Theory]
    [InlineData("127.0.0.1:9110", "127.0.0.1", 9110)]
    [InlineData("localhost:9777", "localhost", 9777)]
    [InlineData("kubikal.lan:1", "kubikal.lan", 1)]
    [InlineData("dom0-2:65535", "dom0-2", 65535)]
    public void Parses_host_and_port(string text, string host, int port)
    {
        Assert.True(ClientEndpoint.LooksLikeEndpoint(text));
        Assert.True(ClientEndpoint.TryParse(text, out var endpoint));
        Assert.Equal(new ClientEndpoint(host, port), endpoint);
        Assert.Equal(text, endpoint.ToString());
    }

    [Theory]
    [InlineData("vif")]
    [InlineData("cluster-sharding")]
    [InlineData("help")]
    [InlineData("host:")]
    [InlineData(":9110")]
    [InlineData("a b:9110")]
    public void A_palette_is_not_an_endpoint(string text) => Assert.False(ClientEndpoint.LooksLikeEndpoint(text));

    [Theory]
    [InlineData("127.0.0.1:0")]
    [InlineData("127.0.0.1:65536")]
    [InlineData("127.0.0.1:99999999999")]
    [InlineData("-bad-:9110")]
    [InlineData("under_score:9110")]
    public void Refuses_an_endpoint_shaped_argument_that_is_not_one(string text)
    {
        Assert.True(ClientEndpoint.LooksLikeEndpoint(text));
        Assert.False(ClientEndpoint.TryParse(text, out _));
    }
}
