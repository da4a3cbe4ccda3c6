using Microsoft.Extensions.DependencyInjection;
using Serilog;
using XenMesh.Node.Configuration;
using XenMesh.Node.Hosting;

namespace XenMesh.Node.Commands.Server;

internal static class CommandHostExtensions
{
    /// <summary>
    /// Serves every <see cref="ICommandPalette"/> registered in the container on
    /// <paramref name="settings"/>' endpoint. Palettes may be registered before or after this call.
    /// Logs go to <paramref name="logger"/>, by default the global Serilog logger as it is when the host is built.
    /// </summary>
    public static IServiceCollection AddCommandHost(
        this IServiceCollection services,
        CommandHostSettings settings,
        string hostId,
        CommandHostLimits? limits = null,
        ILogger? logger = null)
    {
        services.AddSingleton(sp => new PaletteCatalog(sp.GetServices<ICommandPalette>(), hostId, EntryPoint.Version));
        services.AddSingleton(sp => new CommandHost(
            settings,
            sp.GetRequiredService<PaletteCatalog>(),
            limits ?? new CommandHostLimits(),
            (logger ?? Log.Logger).ForContext<CommandHost>()));
        services.AddHostedService(sp => sp.GetRequiredService<CommandHost>());
        return services;
    }
}
