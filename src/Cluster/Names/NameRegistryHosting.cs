using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using XenMesh.Cluster.Bootstrap;

namespace XenMesh.Cluster.Names;

/// <summary>Marker for the name registry's shard region in the actor registry.</summary>
public sealed class NameRegistry;

/// <summary>Starts the name registry region and this node's zone replica.</summary>
public static class NameRegistryHosting
{
    /// <summary>The shard region's type name; every dom0 must use the same.</summary>
    public const string TypeName = "xm-name";

    /// <summary>Akka.Remote's largest message on a dom0: room for a gossip reply with every name key.</summary>
    public const string MaximumFrameSize = "8000000b";

    /// <summary>
    /// How many keys a replicator compares in one gossip status message and ships, whole, in one gossip reply
    /// (Akka's default is 500). A status carries this many keys' digests and a gossip tick sends at most 10 of them, so
    /// with 1 024 name keys a tick compares about 200 keys with one other replica instead of every key, and ships at
    /// most that many whole keys back and forth; every key is compared within about five ticks (10 s). With 500, after a
    /// burst every recently written key differed between replicas that were behind, each tick shipped and merged
    /// hundreds of whole keys each way, and that work kept the replicas behind (docs/cluster.md).
    /// </summary>
    public const int MaxDeltaElements = 20;

    /// <summary>
    /// The name registry (shards only on <see cref="MeshRoles.Dom0"/> members, remember-entities off, no idle
    /// passivation: an entity with claims keeps its expiry timer and passivates itself once empty) and the
    /// <see cref="ZoneReplica"/> feeding <paramref name="view"/>, registered as <see cref="NameRegistry"/> and
    /// <see cref="ZoneReplica"/>.
    /// </summary>
    public static AkkaConfigurationBuilder WithNameRegistry(this AkkaConfigurationBuilder builder, NameRegistryOptions options, ZoneView view)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder
            // The replicator tells subscribers of a change only at its next notify tick: at 10 ms that adds at most
            // 10 ms to a name's way to the other hosts (propagation target: p99 under 100 ms); the zone replica
            // publishes a burst of changed keys as one table, so ticks that often cost nothing when idle.
            // A replicator's gossip reply carries, whole, every key that differs among those one status compared
            // (max-delta-elements, see MaxDeltaElements for why 20 and not Akka's 500). With 500 a node that missed
            // writes (a WriteAll timed out under load, a restart, a partition) got up to 500 keys at once, about 1.5 MB
            // for 10 000 names; at Akka.Remote's default 128 000-byte frame that reply was dropped
            // (OversizedPayloadException) and the node never caught up. The 8 MB frame stays as the margin.
            .AddHocon(
                $"""
                akka.cluster.distributed-data.notify-subscribers-interval = 10ms
                akka.cluster.distributed-data.max-delta-elements = {MaxDeltaElements}
                akka.remote.dot-netty.tcp.maximum-frame-size = {MaximumFrameSize}
                """,
                HoconAddMode.Prepend)
            .WithActors((system, registry) => registry.Register<NameRecordWriter>(system.ActorOf(NameRecordWriter.Props(options), "name-record-writer")))
            .WithShardRegion<NameRegistry>(
                TypeName,
                (_, registry) => fqdn => NameEntity.Props(fqdn, options, registry.Get<NameRecordWriter>()),
                new NameRegistryExtractor(),
                new ShardOptions
                {
                    Role = MeshRoles.Dom0,
                    StateStoreMode = StateStoreMode.DData,
                    RememberEntities = false,
                    PassivateIdleEntityAfter = TimeSpan.Zero,
                    HandOffStopMessage = NameEntity.StopAfterFlush.Instance,
                })
            .WithActors((system, registry) => registry.Register<ZoneReplica>(system.ActorOf(ZoneReplica.Props(view), "zone-replica")));
    }
}
