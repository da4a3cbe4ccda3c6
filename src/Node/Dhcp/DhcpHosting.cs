using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Serilog;
using XenMesh.Node.Commands;
using XenMesh.Node.Configuration;
using XenMesh.Node.Dhcp.Leases;
using XenMesh.Node.Dhcp.Server;
using XenMesh.Node.Filter;
using XenMesh.Node.Linux;
using XenMesh.Node.Vifs;
using XenMesh.Node.Xen;
using static XenMesh.Node.Vifs.VifRegistryProtocol;

namespace XenMesh.Node.Dhcp;

/// <summary>Wires DHCP into the agent: the lease pool in the ActorSystem, the server and the palettes in the host.</summary>
public static class DhcpHosting
{
    /// <summary>
    /// The DHCP server (a hosted service that opens its socket once the pool has recovered), its counters,
    /// and the <c>lease</c> and <c>dhcp</c> palettes. Needs <see cref="WithDhcp"/> and the vif registry.
    /// </summary>
    public static IServiceCollection AddDhcp(this IServiceCollection services)
    {
        services.AddLinuxAdapter();
        services.AddSingleton<DhcpServerCounters>();
        services.AddSingleton(sp =>
        {
            var settings = sp.GetRequiredService<XenMeshSettings>();
            var links = sp.GetRequiredService<LinkAdapter>();
            var registry = sp.GetRequiredService<IRequiredActor<VifRegistry>>();
            return new GuestPortResolver(
                ct => links.ListLearnedAddressesAsync(settings.Bridge.Name, ct),
                async ct => (await (await registry.GetAsync(ct).ConfigureAwait(false)).Ask<RegisteredVifs>(GetVifs.Instance, ct).ConfigureAwait(false)).Vifs,
                TimeProvider.System,
                Log.Logger.ForContext<GuestPortResolver>());
        });
        services.AddHostedService(sp => new DhcpServer(
            sp.GetRequiredService<XenMeshSettings>(),
            sp.GetRequiredService<IRequiredActor<LeasePool>>(),
            sp.GetRequiredService<GuestPortResolver>(),
            sp.GetRequiredService<DhcpServerCounters>(),
            Log.Logger.ForContext<DhcpServer>(),
            beforeOpening: ct => BridgeFilterHosting.WhenInstalledAsync(sp.GetRequiredService<ActorRegistry>(), Log.Logger.ForContext<DhcpServer>(), ct)));
        services.AddSingleton<ICommandPalette, LeasePalette>();
        services.AddSingleton<ICommandPalette, DhcpPalette>();
        return services;
    }

    /// <summary>
    /// The host's lease pool, registered as <see cref="LeasePool"/>, and the <see cref="DomainDepartureActor"/>
    /// that releases the leases of destroyed domains (needs the vif registry and <see cref="IXenStore"/>).
    /// </summary>
    public static AkkaConfigurationBuilder WithDhcp(this AkkaConfigurationBuilder builder, XenMeshSettings settings) =>
        builder.WithLeasePool(settings)
            .WithActors((system, registry, resolver) => system.ActorOf(
                DomainDepartureActor.Props(registry.Get<LeasePool>(), registry.Get<VifRegistry>(), resolver.GetService<IXenStore>()),
                "domain-departures"));
}
