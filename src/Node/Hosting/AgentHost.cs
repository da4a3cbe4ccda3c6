using Akka.Hosting;
using Akka.Logger.Serilog;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Serilog;
using XenMesh.Messages.Serialization;
using XenMesh.Node.Bridge;
using XenMesh.Node.Commands.Server;
using XenMesh.Node.Configuration;
using XenMesh.Node.Dhcp;
using XenMesh.Node.Dns;
using XenMesh.Node.Dns.Recursion;
using XenMesh.Node.Filter;
using XenMesh.Node.Mesh;
using XenMesh.Node.Rip;
using XenMesh.Node.Vifs;

namespace XenMesh.Node.Hosting;

/// <summary>The agent's composition root: each feature adds itself through its own hosting extension.</summary>
internal static class AgentHost
{
    /// <summary>The data plane's ActorSystem: never clustered, so a downing never stops it (the mesh has its own, <see cref="MeshIncarnations"/>).</summary>
    public const string ActorSystemName = "xenmesh-host";

    /// <summary>
    /// The agent of a dom0: the data plane in an ActorSystem that is never clustered, and the mesh in one of its
    /// own (<see cref="MeshAgentHosting.AddMeshIncarnations"/>) that is restarted after this member is downed; or
    /// with <paramref name="witness"/> a member that only counts for the cluster's majority: no bridge, vifs, DHCP
    /// or persistence, only membership and the <c>cluster</c> palette.
    /// </summary>
    public static IHost Build(XenMeshSettings settings, bool witness = false)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Services.AddSerilog();
        builder.Services.AddSystemd();
        builder.Services.AddSingleton(settings);
        builder.Services.AddMesh(witness);
        if (!witness)
        {
            builder.Services.AddBridge();
            builder.Services.AddVifs();
        }

        builder.Services.AddAkka(ActorSystemName, akka =>
        {
            // The generic host owns shutdown on SIGTERM: it stops the command host before Akka.Hosting
            // stops the ActorSystem, so no command runs against a terminated system.
            akka.AddHocon("akka.coordinated-shutdown.run-by-clr-shutdown-hook = off", HoconAddMode.Prepend);
            akka.ConfigureLoggers(l =>
                {
                    l.ClearLoggers();
                    l.AddLogger<SerilogLogger>();
                })
                .WithXenMeshSerialization();
            if (!witness)
            {
                akka.WithXenMeshPersistence(settings)
                    .WithBridge(settings)
                    .WithBridgeFilter(settings)
                    .WithVifs(settings)
                    .WithDhcp(settings)
                    .WithDns(settings)
                    .WithRip(settings);
            }
        });
        builder.Services.AddMeshIncarnations(settings, witness);

        // After AddAkka: hosted services stop in reverse order, so the DHCP socket closes before the ActorSystem stops.
        if (!witness)
        {
            builder.Services.AddDhcp();
            builder.Services.AddDns();
            builder.Services.AddDnsRecursion();
            builder.Services.AddRoutes();
        }

        builder.Services.AddCommandHost(settings.CommandHost, settings.Host.Id);
        return builder.Build();
    }
}
