using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Serilog;
using XenMesh.Cluster.Hosts;
using XenMesh.Cluster.Names;
using XenMesh.Messages.Values;
using XenMesh.Node.Commands;
using XenMesh.Node.Configuration;
using XenMesh.Node.Dhcp.Leases;
using XenMesh.Node.Dns.Recursion;
using XenMesh.Node.Dns.Server;
using XenMesh.Node.Dns.Zone;

namespace XenMesh.Node.Dns;

/// <summary>Wires DNS into the agent: the local zone feed in the ActorSystem, the snapshot holder, the server and the <c>dns</c> palette in the host.</summary>
public static class DnsHosting
{
    /// <summary>TCP limits (RFC 7766 leaves them to the server).</summary>
    public static readonly TimeSpan TcpIdleTimeout = TimeSpan.FromSeconds(10);

    public const int MaxTcpConnections = 256;
    public const int MaxTcpConnectionsPerSource = 16;

    /// <summary>
    /// The <see cref="ZoneSnapshotHolder"/>, the DNS server (a hosted service), its counters, the <c>dns</c> palette,
    /// and <see cref="RefuseAllRecursion"/> as the <see cref="IDnsRecursion"/> unless another is registered.
    /// Needs <see cref="WithDns"/> for the zone to be fed.
    /// </summary>
    public static IServiceCollection AddDns(this IServiceCollection services)
    {
        services.AddSingleton<ZoneSnapshotHolder>();
        services.AddSingleton<DnsServerCounters>();
        services.TryAddSingleton<IDnsRecursion, RefuseAllRecursion>();
        services.AddHostedService(sp =>
        {
            var settings = sp.GetRequiredService<XenMeshSettings>();
            return new DnsServer(
                ServerOptions(settings),
                sp.GetRequiredService<ZoneSnapshotHolder>(),
                sp.GetRequiredService<IDnsRecursion>(),
                sp.GetRequiredService<DnsServerCounters>(),
                Log.Logger.ForContext<DnsServer>());
        });
        services.AddSingleton<ICommandPalette, DnsPalette>();
        return services;
    }

    /// <summary>
    /// The zone feed (the mesh replica's names and this host's named leases and dom0 name) publishing into the
    /// holder. After <c>WithDhcp</c>; the mesh's <see cref="ZoneView"/> and <see cref="HostView"/> must be registered (<c>AddMesh</c>).
    /// </summary>
    public static AkkaConfigurationBuilder WithDns(this AkkaConfigurationBuilder builder, XenMeshSettings settings) =>
        builder.WithActors((system, registry, resolver) =>
        {
            var feed = ZoneFeed.Props(
                ZoneSettings(settings),
                registry.Get<LeasePool>(),
                resolver.GetService<ZoneSnapshotHolder>(),
                resolver.GetService<ZoneView>(),
                resolver.GetService<HostView>());
            system.ActorOf(feed, "zone-feed");
        });

    internal static LocalZoneSettings ZoneSettings(XenMeshSettings settings) =>
        new(settings.Dns.Domain.ToLowerInvariant(), settings.Host.Id.ToLowerInvariant(), Bridge(settings), (uint)settings.Dns.Ttl.TotalSeconds);

    internal static DnsServerOptions ServerOptions(XenMeshSettings settings)
    {
        var addresses = new[] { Bridge(settings).Address }
            .Concat(settings.Dns.Listen.Select(a => Ipv4Interface.TryParseAddress(a, out var parsed)
                ? parsed
                : throw new ArgumentException($"dns.listen '{a}' is not an address; validate the settings first", nameof(settings))))
            .Distinct()
            .ToArray();
        return new(addresses, settings.Dns.Port, settings.Dns.UdpSockets > 0 ? settings.Dns.UdpSockets : DefaultUdpSockets(Environment.ProcessorCount), TcpIdleTimeout, MaxTcpConnections, MaxTcpConnectionsPerSource);
    }

    /// <summary>
    /// One UDP socket (and thread) per two cores, at least one: each thread spins up only when a core is free for it,
    /// and on a dom0 the DHCP server, the cluster and the kernel's network path want cores too. On 2 cores, with the
    /// load generator sharing them, one socket answered about a quarter more queries per second than two
    /// (docs/benchmarks.md, DNS).
    /// </summary>
    internal static int DefaultUdpSockets(int cores) => Math.Max(1, cores / 2);

    private static Ipv4Interface Bridge(XenMeshSettings settings) =>
        Ipv4Interface.TryParse(settings.Bridge.Address, out var bridge, out _)
            ? bridge
            : throw new ArgumentException("bridge.address is not valid; validate the settings first", nameof(settings));
}
