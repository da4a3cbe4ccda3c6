using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using Akka.Cluster.Hosting;
using Akka.Cluster.Hosting.SBR;
using Akka.DistributedData;
using Akka.Hosting;
using Akka.Remote.Hosting;
using Akka.Remote.Transport.DotNetty;

namespace XenMesh.Cluster.Bootstrap;

/// <summary>Akka.Remote and Akka.Cluster for a XenMesh member: static seeds, keep-majority, no durable state.</summary>
public static class MeshHosting
{
    /// <summary>
    /// Remoting on <see cref="MeshOptions.Hostname"/>, clustering with the member's role, the keep-majority
    /// split-brain resolver with <see cref="MeshOptions.StableAfter"/>, and DData/sharding kept in memory
    /// (LightningDB's durable store does not work with the packages XenMesh builds with, and cluster state is
    /// soft state anyway). A member without seeds joins itself: a cluster of one.
    /// </summary>
    public static AkkaConfigurationBuilder WithXenMeshCluster(this AkkaConfigurationBuilder builder, MeshOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        builder
            .AddHocon(Hocon(options), HoconAddMode.Prepend)
            .WithRemoting(remote =>
            {
                remote.HostName = options.Hostname;
                remote.PublicHostName = options.Hostname;
                remote.Port = options.Port;
                if (options.Tls is { } tls)
                {
                    remote.EnableSsl = true;
                    remote.Ssl = SslFor(tls);
                }
            })
            .WithClustering(new ClusterOptions
            {
                Roles = [options.Role],
                SeedNodes = [.. options.Seeds.Select(s => $"{Protocol(options)}://{MeshOptions.SystemName}@{s.Host}:{s.Port.ToString(CultureInfo.InvariantCulture)}")],
                SplitBrainResolver = new KeepMajorityOption(),
            });
        // Every dom0 holds a replica from its start, not from the first local use of DData: a member whose only
        // use is remote (a host asking for its /24 from a supernet entity on another member) must still answer
        // that entity's majority reads.
        if (options.Role == MeshRoles.Dom0)
            builder.AddStartup((system, _) => DistributedData.Get(system));
        if (options.Seeds.Count == 0)
        {
            builder.AddStartup((system, _) =>
            {
                var cluster = Akka.Cluster.Cluster.Get(system);
                cluster.Join(cluster.SelfAddress);
            });
        }

        return builder;
    }

    /// <summary>The address scheme of the members: DotNetty names its TLS transport <c>akka.ssl.tcp</c>.</summary>
    public static string Protocol(MeshOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Tls is null ? "akka.tcp" : "akka.ssl.tcp";
    }

    /// <summary>
    /// The settings Akka.Cluster.Hosting has no option for; every member must use the same values.
    /// Replicas run only on dom0s: a witness runs no replicator, and a write or read to all or a majority would
    /// wait for it in vain.
    /// Shards are never rebalanced (a rebalance threshold no shard count reaches): the mesh's entities are small
    /// single writers whose work is a few messages a minute, so an even spread buys nothing, while every move
    /// is a hand-off during which the shard's messages wait and after which each entity must rebuild its watches
    /// from re-asserted claims. A new shard still goes to the region with the fewest, and the shards of a member
    /// that leaves or is downed move to the others.
    /// </summary>
    internal static string Hocon(MeshOptions options) => $"""
        akka.cluster.failure-detector.acceptable-heartbeat-pause = {Millis(options.HeartbeatPause)}
        akka.cluster.split-brain-resolver.stable-after = {Millis(options.StableAfter)}
        akka.cluster.split-brain-resolver.down-all-when-unstable = on
        akka.cluster.run-coordinated-shutdown-when-down = on
        akka.cluster.distributed-data.role = {MeshRoles.Dom0}
        akka.cluster.distributed-data.durable.keys = []
        akka.cluster.sharding.distributed-data.durable.keys = []
        akka.cluster.sharding.state-store-mode = ddata
        akka.cluster.sharding.remember-entities = off
        akka.cluster.sharding.least-shard-allocation-strategy.rebalance-absolute-limit = 0
        akka.cluster.sharding.least-shard-allocation-strategy.rebalance-threshold = 1000000
        """;

    private static string Millis(TimeSpan span) => $"{((long)span.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)}ms";

    private static SslOptions SslFor(MeshTlsOptions tls) => new()
    {
        X509Certificate = X509CertificateLoader.LoadPkcs12FromFile(tls.CertificatePath, tls.Password),
        SuppressValidation = false,
        RequireMutualAuthentication = true,
        // Peers connect by IP address; identity is the certificate (pinned or CA-issued), not a host name.
        ValidateCertificateHostname = false,
        CustomValidator = tls.TrustedThumbprints.Count > 0 ? CertificateValidation.PinnedCertificate([.. tls.TrustedThumbprints]) : null,
    };
}
