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
using XenMesh.Node.Filter;
using XenMesh.Node.Rip;
using XenMesh.Node.Vifs;

namespace XenMesh.Node.Hosting;

/// <summary>The agent's composition root: each feature adds itself through its own hosting extension.</summary>
internal static class AgentHost
{
    public const string ActorSystemName = "xenmesh";

    public static IHost Build(XenMeshSettings settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Services.AddSerilog();
        builder.Services.AddSystemd();
        builder.Services.AddSingleton(settings);
        builder.Services.AddBridge();
        builder.Services.AddVifs();
        builder.Services.AddAkka(ActorSystemName, (akka, _) =>
        {
            // The generic host owns shutdown on SIGTERM: it stops the command host before Akka.Hosting
            // stops the ActorSystem, so no command runs against a terminated system.
            akka.AddHocon("akka.coordinated-shutdown.run-by-clr-shutdown-hook = off", HoconAddMode.Prepend);
            akka.ConfigureLoggers(l =>
                {
                    l.ClearLoggers();
                    l.AddLogger<SerilogLogger>();
                })
                .WithXenMeshSerialization()
                .WithXenMeshPersistence(settings)
                .WithBridge(settings)
                .WithBridgeFilter(settings)
                .WithVifs(settings)
                .WithDhcp(settings)
                .WithRip(settings);
        });

        // After AddAkka: hosted services stop in reverse order, so the DHCP socket closes before the ActorSystem stops.
        builder.Services.AddDhcp();
        builder.Services.AddRoutes();
        builder.Services.AddCommandHost(settings.CommandHost, settings.Host.Id);
        return builder.Build();
    }
}
