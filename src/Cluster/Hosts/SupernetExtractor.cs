using Akka.Cluster.Sharding;
using XenMesh.Messages.Values;
using static XenMesh.Messages.Hosts.SupernetMessages;

namespace XenMesh.Cluster.Hosts;

/// <summary>One entity per supernet; the id is the supernet in CIDR form, normalised here and nowhere else.</summary>
public sealed class SupernetExtractor() : HashCodeMessageExtractor(ShardCount)
{
    /// <summary>A mesh has one supernet, rarely more; never change it while the cluster runs.</summary>
    public const int ShardCount = 10;

    public override string? EntityId(object message) =>
        message is AssignSubnet m ? Normalize(m.Supernet) : null;

    /// <summary>The CIDR form of a supernet (<c>10.077.0.0/16</c> and <c>10.77.0.0/16</c> are one entity).</summary>
    public static string Normalize(string supernet) =>
        Ipv4Subnet.TryParse(supernet, out var parsed, out _) ? parsed.ToString() : supernet;
}
