using System.Net;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using XenMesh.Cluster.Bootstrap;
using XenMesh.Cluster.Gateways;
using XenMesh.Cluster.Hosts;
using XenMesh.Cluster.Names;
using XenMesh.Messages.Values;
using XenMesh.Node.Commands;
using XenMesh.Node.Configuration;
using XenMesh.Node.Dhcp.Leases;
using XenMesh.Node.Rip;
using XenMesh.Node.Routes;
using static XenMesh.Node.Dhcp.Leases.LeaseNameChanges;

namespace XenMesh.Node.Mesh;

/// <summary>
/// Wires the mesh into the agent: cluster membership always; on a dom0 also the registries, the claimant and
/// their palettes. The mesh runs in an ActorSystem of its own (<see cref="MeshIncarnations"/>), never in the data
/// plane's: cluster-side actors (sharded entities, singletons, DData) belong in <see cref="WithMesh"/>.
/// </summary>
public static class MeshAgentHosting
{
    /// <summary>The refresh interval of a cluster of one (no <c>cluster</c> section).</summary>
    public static readonly TimeSpan DefaultRefreshInterval = new ClusterSettings().ClaimRefreshInterval;

    /// <summary>The views the replicas swap snapshots into, the mesh's current system and the palettes; a witness gets only <c>cluster</c>.</summary>
    public static IServiceCollection AddMesh(this IServiceCollection services, bool witness)
    {
        services.AddSingleton<ZoneView>();
        services.AddSingleton<HostView>();
        services.AddSingleton<MeshSystem>();
        services.AddSingleton<ICommandPalette, ClusterPalette>();
        if (!witness)
            services.AddSingleton<ICommandPalette, HostPalette>();

        return services;
    }

    /// <summary>
    /// The mesh's own ActorSystem (<see cref="MeshIncarnations"/>), restarted after this member is downed. After
    /// the data plane's <c>AddAkka</c>: hosted services start in order, so the lease pool exists when the
    /// claimant starts, and stop in reverse, so this member leaves the cluster before the data plane stops.
    /// </summary>
    public static IServiceCollection AddMeshIncarnations(this IServiceCollection services, XenMeshSettings settings, bool witness)
    {
        services.AddSingleton(sp => new MeshIncarnations(settings, witness, sp, sp.GetRequiredService<MeshSystem>(), sp.GetRequiredService<IHostApplicationLifetime>()));
        services.AddHostedService(sp => sp.GetRequiredService<MeshIncarnations>());
        return services;
    }

    /// <summary>
    /// Joins the mesh with <paramref name="options"/> and runs the <see cref="IslandDetector"/>. A dom0 also starts the name registry, its zone replica,
    /// the host registry, the gateway registry, the supernet registry, the name claimant, the lease count reporter and a gateway feed for
    /// each of the data plane's RIP speakers, joined to the data plane's lease pool, speakers
    /// and EventStream (<paramref name="agent"/>: the agent's services, whose ActorSystem is the data plane's)
    /// by a <see cref="MeshEventRelay"/> subscribed before the replica and the claimant exist.
    /// </summary>
    public static AkkaConfigurationBuilder WithMesh(this AkkaConfigurationBuilder builder, XenMeshSettings settings, MeshOptions options, bool witness, IServiceProvider agent)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(agent);
        builder.WithXenMeshCluster(options).WithIslandDetector(IslandDetector.DefaultInterval);
        if (witness)
            return builder;

        var refresh = settings.Cluster?.ClaimRefreshInterval ?? DefaultRefreshInterval;
        if (!Ipv4Interface.TryParse(settings.Bridge.Address, out var bridge, out var error))
            throw new ArgumentException($"bridge.address: {error}; validate the settings first", nameof(settings));
        var lan = settings.Lan.Address is { } lanText ? IPAddress.Parse(lanText) : null;
        var claimant = new NameClaimantOptions(settings.Host.Id, settings.Dns.Domain, bridge.Address, refresh);
        var dataPlane = agent.GetRequiredService<ActorSystem>();
        var pool = agent.GetRequiredService<ActorRegistry>().Get<LeasePool>();
        return builder
            .WithActors((system, _) => StartRelay(system, dataPlane))
            .WithNameRegistry(new NameRegistryOptions(refresh, TimeProvider.System), agent.GetRequiredService<ZoneView>())
            .WithHostRegistry(new HostRegistryOptions(settings.Host.Id, bridge.Subnet, lan, refresh, TimeProvider.System), agent.GetRequiredService<HostView>())
            .WithGatewayRegistry(agent.GetRequiredService<HostView>())
            .WithSupernetRegistry(TimeProvider.System)
            .WithActors((system, registry) =>
            {
                system.ActorOf(NameClaimant.Props(claimant, registry.Get<NameRegistry>(), pool), "name-claimant");
                system.ActorOf(LeaseCountReporter.Props(pool, registry.Get<HostRegistryActor>(), refresh), "lease-count");
                // The speakers live in the data plane (they keep announcing while the mesh restarts); each gets the
                // feed of its gateway here, where the cluster's reachability is known.
                var own = LocalRouteTable.From(settings).Routes.FirstOrDefault();
                foreach (var (gateway, speaker) in agent.GetRequiredService<RipSpeakerSet>().All)
                    system.ActorOf(GatewayFeed.Props(new GatewayFeedOptions(gateway, settings.Host.Id, refresh, own), registry.Get<GatewayRegistry>(), speaker), $"gateway-feed-{gateway}");
            });
    }

    /// <summary>The cluster options of the settings: the <c>cluster</c> section, or a cluster of one without it.</summary>
    public static MeshOptions MeshOptionsFor(XenMeshSettings settings, bool witness)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var role = witness ? MeshRoles.Witness : MeshRoles.Dom0;
        if (settings.Cluster is not { } c)
            return MeshOptions.SingleNode(role);

        var seeds = c.Seeds.Select(s => ClusterSettingsValidator.ParseSeed(s)).Select(p => (p.Host!, p.Port)).ToList();
        var tls = c.Tls is { Certificate: { } certificate } t ? new MeshTlsOptions(certificate, t.Password, t.TrustedThumbprints) : null;
        return new MeshOptions(c.Hostname ?? settings.Lan.Address!, c.Port, seeds, role, c.HeartbeatPause, c.StableAfter, tls);
    }

    /// <summary>Creates the relay and subscribes it to both streams before any actor whose events it carries exists.</summary>
    private static void StartRelay(ActorSystem mesh, ActorSystem dataPlane)
    {
        var relay = mesh.ActorOf(MeshEventRelay.Props(dataPlane.EventStream), "data-plane-relay");
        dataPlane.EventStream.Subscribe(relay, typeof(ILeaseNameChange));
        mesh.EventStream.Subscribe(relay, typeof(NameTable));
        mesh.EventStream.Subscribe(relay, typeof(HostSnapshot));
    }
}
