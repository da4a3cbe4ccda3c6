using System.Net;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
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

namespace XenMesh.Node.Mesh;

/// <summary>Wires the mesh into the agent: cluster membership always; on a dom0 also the registries, the claimant and their palettes.</summary>
public static class MeshAgentHosting
{
    /// <summary>The refresh interval of a cluster of one (no <c>cluster</c> section).</summary>
    public static readonly TimeSpan DefaultRefreshInterval = new ClusterSettings().ClaimRefreshInterval;

    /// <summary>The views the replicas swap snapshots into and the palettes; a witness gets only <c>cluster</c>.</summary>
    public static IServiceCollection AddMesh(this IServiceCollection services, bool witness)
    {
        services.AddSingleton<ZoneView>();
        services.AddSingleton<HostView>();
        services.AddSingleton<ICommandPalette, ClusterPalette>();
        if (!witness)
            services.AddSingleton<ICommandPalette, HostPalette>();

        return services;
    }

    /// <summary>
    /// Joins the mesh. A dom0 also starts the name registry, its zone replica, the host registry, the gateway
    /// registry, the name claimant (fed by the lease pool registered before this), the lease count reporter and
    /// a gateway feed for each RIP speaker started before this.
    /// </summary>
    public static AkkaConfigurationBuilder WithMesh(this AkkaConfigurationBuilder builder, XenMeshSettings settings, bool witness, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(settings);
        builder.WithXenMeshCluster(MeshOptionsFor(settings, witness));
        if (witness)
            return builder;

        var refresh = settings.Cluster?.ClaimRefreshInterval ?? DefaultRefreshInterval;
        if (!Ipv4Interface.TryParse(settings.Bridge.Address, out var bridge, out var error))
            throw new ArgumentException($"bridge.address: {error}; validate the settings first", nameof(settings));
        var lan = settings.Lan.Address is { } lanText ? IPAddress.Parse(lanText) : null;
        var claimant = new NameClaimantOptions(settings.Host.Id, settings.Dns.Domain, bridge.Address, refresh);
        return builder
            .WithNameRegistry(new NameRegistryOptions(refresh, TimeProvider.System), services.GetRequiredService<ZoneView>())
            .WithHostRegistry(new HostRegistryOptions(settings.Host.Id, bridge.Subnet, lan, refresh, TimeProvider.System), services.GetRequiredService<HostView>())
            .WithGatewayRegistry(services.GetRequiredService<HostView>())
            .WithActors((system, registry) =>
            {
                var pool = registry.Get<LeasePool>();
                system.ActorOf(NameClaimant.Props(claimant, registry.Get<NameRegistry>(), pool), "name-claimant");
                system.ActorOf(LeaseCountReporter.Props(pool, registry.Get<HostRegistryActor>(), refresh), "lease-count");
                // The speakers were started by WithRip before the mesh; each gets the feed of its gateway.
                var own = LocalRouteTable.From(settings).Routes.FirstOrDefault();
                foreach (var (gateway, speaker) in services.GetRequiredService<RipSpeakerSet>().All)
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
}
