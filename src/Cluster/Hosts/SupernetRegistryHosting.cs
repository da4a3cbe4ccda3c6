using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using XenMesh.Cluster.Bootstrap;
using XenMesh.Messages.Values;

namespace XenMesh.Cluster.Hosts;

/// <summary>Starts the supernet registry region.</summary>
public static class SupernetRegistryHosting
{
    /// <summary>The shard region's type name; every dom0 must use the same.</summary>
    public const string TypeName = "xm-supernet";

    /// <summary>
    /// The region of <see cref="SupernetEntity"/> (shards only on <see cref="MeshRoles.Dom0"/> members, every one
    /// of which must start it; remember-entities off: an entity rebuilds from replicated data when asked),
    /// registered as <see cref="SupernetRegistry"/>.
    /// </summary>
    public static AkkaConfigurationBuilder WithSupernetRegistry(this AkkaConfigurationBuilder builder, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithShardRegion<SupernetRegistry>(
            TypeName,
            supernet => Ipv4Subnet.TryParse(supernet, out var parsed, out var error)
                ? SupernetEntity.Props(parsed, time)
                : throw new ArgumentException($"supernet entity id '{supernet}': {error}", nameof(supernet)),
            new SupernetExtractor(),
            new ShardOptions
            {
                Role = MeshRoles.Dom0,
                StateStoreMode = StateStoreMode.DData,
                RememberEntities = false,
            });
    }
}
