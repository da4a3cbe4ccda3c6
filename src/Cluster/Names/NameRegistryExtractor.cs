using Akka.Cluster.Sharding;
using static XenMesh.Messages.Names.NameRegistryMessages;

namespace XenMesh.Cluster.Names;

/// <summary>One entity per lower-case FQDN; the id is normalised here and nowhere else.</summary>
public sealed class NameRegistryExtractor() : HashCodeMessageExtractor(ShardCount)
{
    /// <summary>About ten times the largest mesh expected; never change it while the cluster runs.</summary>
    public const int ShardCount = 100;

    public override string? EntityId(object message) =>
        message is INameRegistryMessage m ? Normalize(m.Fqdn) : null;

    public static string Normalize(string fqdn)
    {
        ArgumentNullException.ThrowIfNull(fqdn);
        return fqdn.TrimEnd('.').ToLowerInvariant();
    }
}
