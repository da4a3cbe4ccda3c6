using System.Net;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using XenMesh.Node.Commands;
using XenMesh.Node.Configuration;
using XenMesh.Node.Rip.Codec;
using XenMesh.Node.Rip.Speaker;
using XenMesh.Node.Routes;
using static XenMesh.Node.Rip.Speaker.RipSpeakerProtocol;

namespace XenMesh.Node.Rip;

/// <summary>Wires routing into the agent: the RIP speaker in the ActorSystem, the counters and the <c>route</c> palette in the host.</summary>
public static class RipHosting
{
    /// <summary>The speaker's counters and the <c>route</c> palette (served with or without the speaker).</summary>
    public static IServiceCollection AddRoutes(this IServiceCollection services)
    {
        services.AddSingleton<RipSpeakerCounters>();
        services.AddSingleton<IRouteTableSource, LocalRouteTableSource>();
        services.AddSingleton<ICommandPalette, RoutePalette>();
        return services;
    }

    /// <summary>
    /// With <c>rip.enabled</c>, the speaker registered as <see cref="RipSpeaker"/> and given this host's own
    /// table (<see cref="LocalRouteTable"/>); a mesh-wide table replaces it through <see cref="SetRoutes"/>.
    /// </summary>
    public static AkkaConfigurationBuilder WithRip(this AkkaConfigurationBuilder builder, XenMeshSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!settings.Rip.Enabled)
            return builder;
        return builder.WithActors((system, registry, resolver) =>
        {
            var counters = resolver.GetService<RipSpeakerCounters>();
            var speaker = system.ActorOf(RipSpeakerActor.Props(Options(settings), counters), "rip-speaker");
            registry.Register<RipSpeaker>(speaker);
            speaker.Tell(new SetRoutes(LocalRouteTable.From(settings)), ActorRefs.NoSender);
        });
    }

    /// <summary>The speaker's options from validated settings.</summary>
    public static RipSpeakerOptions Options(XenMeshSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var destination = settings.Rip.Mode == "unicast"
            ? new IPEndPoint(IPAddress.Parse(settings.Lan.Gateway!), RipLayout.Port)
            : new IPEndPoint(RipSpeakerOptions.Group, RipLayout.Port);
        var key = settings.Rip.Authentication is { KeyFile: { } keyFile } authentication
            ? new RipKey((byte)authentication.KeyId, RipAuthenticationSettings.ReadKey(keyFile))
            : null;
        return new RipSpeakerOptions(settings.Lan.Interface!, destination, settings.Rip.Interval, settings.Host.Id, key, RipLayout.Port);
    }
}
