using Microsoft.Extensions.DependencyInjection;
using Serilog;
using XenMesh.Messages.Values;
using XenMesh.Node.Configuration;

namespace XenMesh.Node.Dns.Recursion;

/// <summary>Wires the forwarder into the agent.</summary>
public static class DnsRecursionHosting
{
    /// <summary>
    /// The forwarder as the <see cref="IDnsRecursion"/> the DNS server calls (registered with AddSingleton, so
    /// it replaces the server's REFUSED placeholder whichever is added first), its resolv-file watcher and its
    /// <see cref="DnsRecursionCounters"/> for the CLI. Needs <see cref="XenMeshSettings"/>.
    /// </summary>
    public static IServiceCollection AddDnsRecursion(this IServiceCollection services)
    {
        services.AddSingleton<DnsRecursionCounters>();
        services.AddSingleton(sp =>
        {
            var dns = sp.GetRequiredService<XenMeshSettings>().Dns;
            return new ResolvFileUpstreams(dns.ResolvFile, dns.UpstreamPort, TimeProvider.System, Log.Logger.ForContext<ResolvFileUpstreams>());
        });
        services.AddSingleton(sp =>
        {
            var settings = sp.GetRequiredService<XenMeshSettings>();
            var guestSubnets = GuestSubnets(settings);
            var upstreams = sp.GetRequiredService<ResolvFileUpstreams>();
            return new DnsForwarder(
                new RecursionAccessList([.. guestSubnets, .. settings.Dns.RecursionFrom.Select(ParseValidated)]),
                new LocalNamePolicy(settings.Dns.Domain, guestSubnets),
                () => upstreams.Current,
                settings.Dns.UpstreamTimeout,
                settings.Dns.CacheEntries,
                sp.GetRequiredService<DnsRecursionCounters>(),
                TimeProvider.System,
                Log.Logger.ForContext<DnsForwarder>());
        });
        services.AddSingleton<IDnsRecursion>(sp => sp.GetRequiredService<DnsForwarder>());
        return services;
    }

    private static Ipv4Subnet[] GuestSubnets(XenMeshSettings settings) =>
        Ipv4Interface.TryParse(settings.Bridge.Address, out var bridge, out var error)
            ? [bridge.Subnet]
            : throw new ArgumentException($"bridge.address is invalid ({error}); validate the settings first", nameof(settings));

    private static Ipv4Subnet ParseValidated(string range) =>
        Ipv4Subnet.TryParse(range, out var subnet, out var error)
            ? subnet
            : throw new ArgumentException($"dns.recursionFrom '{range}' is invalid ({error}); validate the settings first", nameof(range));
}
