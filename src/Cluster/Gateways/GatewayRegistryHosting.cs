using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using XenMesh.Cluster.Bootstrap;
using XenMesh.Cluster.Hosts;

namespace XenMesh.Cluster.Gateways;

/// <summary>Marker for the gateway registry's shard region in the actor registry.</summary>
public sealed class GatewayRegistry;

/// <summary>Starts the gateway registry region.</summary>
public static class GatewayRegistryHosting
{
    /// <summary>The shard region's type name; every dom0 must use the same.</summary>
    public const string TypeName = "xm-gateway";

    /// <summary>
    /// The region of <see cref="GatewayEntity"/> (shards only on <see cref="MeshRoles.Dom0"/> members, which
    /// run the host registry the entity reads; remember-entities off; no idle passivation, since re-registrations
    /// keep it busy and a passivated entity would stop pushing changes), registered as <see cref="GatewayRegistry"/>.
    /// </summary>
    public static AkkaConfigurationBuilder WithGatewayRegistry(this AkkaConfigurationBuilder builder, HostView hosts)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithShardRegion<GatewayRegistry>(
            TypeName,
            gateway => GatewayEntity.Props(gateway, hosts),
            new GatewayExtractor(),
            new ShardOptions
            {
                Role = MeshRoles.Dom0,
                StateStoreMode = StateStoreMode.DData,
                RememberEntities = false,
                PassivateIdleEntityAfter = TimeSpan.Zero,
            });
    }
}
