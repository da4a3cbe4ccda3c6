using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace XenMesh.Node.Linux;

public static class LinuxServiceCollectionExtensions
{
    /// <summary>
    /// The process runner and <see cref="LinkAdapter"/> as singletons. Idempotent, so every feature
    /// that needs the adapter may call it; a runner registered earlier (tests) is kept.
    /// </summary>
    public static IServiceCollection AddLinuxAdapter(this IServiceCollection services)
    {
        services.TryAddSingleton<IProcessRunner>(_ => new ProcessRunner());
        services.TryAddSingleton<LinkAdapter>();
        return services;
    }
}
