using System.Net;
using Akka.Cluster.Sharding;
using static XenMesh.Messages.Routes.GatewayMessages;

namespace XenMesh.Cluster.Gateways;

/// <summary>One entity per gateway address; the id is normalised here and nowhere else.</summary>
public sealed class GatewayExtractor() : HashCodeMessageExtractor(ShardCount)
{
    /// <summary>A handful of gateways per mesh; never change it while the cluster runs.</summary>
    public const int ShardCount = 10;

    public override string? EntityId(object message) =>
        message is IGatewayMessage m ? Normalize(m.Gateway) : null;

    /// <summary>The dotted form of an IPv4 address (so <c>192.168.011.001</c> and <c>192.168.11.1</c> are one entity).</summary>
    public static string Normalize(string gateway)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        return IPAddress.TryParse(gateway, out var address) ? address.ToString() : gateway;
    }
}
