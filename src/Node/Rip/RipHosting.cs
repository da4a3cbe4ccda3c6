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

/// <summary>Wires routing into the agent: the RIP speakers in the ActorSystem, the counters and the <c>route</c> palette in the host.</summary>
public static class RipHosting
{
    /// <summary>The speakers' counters and set, and the <c>route</c> palette (served with or without the speakers).</summary>
    public static IServiceCollection AddRoutes(this IServiceCollection services)
    {
        services.AddSingleton<RipSpeakerCounters>();
        services.AddSingleton<RipSpeakerSet>();
        services.AddSingleton<IRouteTableSource, MeshRouteTableSource>();
        services.AddSingleton<ICommandPalette, RoutePalette>();
        return services;
    }

    /// <summary>
    /// With <c>rip.enabled</c>, one speaker per gateway of <see cref="RipSettings.GatewaysOf"/> in the
    /// <see cref="RipSpeakerSet"/>, the first also registered as <see cref="RipSpeaker"/>. Each starts with this
    /// host's own table (<see cref="LocalRouteTable"/>) until its <see cref="GatewayFeed"/> (started with the
    /// mesh) gives it the gateway's mesh table.
    /// </summary>
    public static AkkaConfigurationBuilder WithRip(this AkkaConfigurationBuilder builder, XenMeshSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!settings.Rip.Enabled)
            return builder;
        return builder.WithActors((system, registry, resolver) =>
        {
            var counters = resolver.GetService<RipSpeakerCounters>();
            var set = resolver.GetService<RipSpeakerSet>();
            var gateways = RipSettings.GatewaysOf(settings);
            foreach (var gateway in gateways)
            {
                var name = gateways.Count == 1 ? "rip-speaker" : $"rip-speaker-{gateway}";
                var speaker = system.ActorOf(RipSpeakerActor.Props(Options(settings, gateway), counters), name);
                speaker.Tell(new SetRoutes(LocalRouteTable.From(settings)), ActorRefs.NoSender);
                set.Add(gateway, speaker);
                if (set.All.Count == 1)
                    registry.Register<RipSpeaker>(speaker);
            }
        });
    }

    /// <summary>The first gateway's speaker options from validated settings.</summary>
    public static RipSpeakerOptions Options(XenMeshSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return Options(settings, RipSettings.GatewaysOf(settings)[0]);
    }

    /// <summary>The options of the speaker of <paramref name="gateway"/> from validated settings.</summary>
    public static RipSpeakerOptions Options(XenMeshSettings settings, string gateway)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var destination = settings.Rip.Mode == "unicast"
            ? new IPEndPoint(IPAddress.Parse(gateway), RipLayout.Port)
            : new IPEndPoint(RipSpeakerOptions.Group, RipLayout.Port);
        var key = settings.Rip.Authentication is { KeyFile: { } keyFile } authentication
            ? new RipKey((byte)authentication.KeyId, RipAuthenticationSettings.ReadKey(keyFile))
            : null;
        return new RipSpeakerOptions(settings.Lan.Interface!, destination, settings.Rip.Interval, settings.Host.Id, key, RipLayout.Port);
    }
}
