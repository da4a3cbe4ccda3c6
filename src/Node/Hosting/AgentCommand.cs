using Microsoft.Extensions.Hosting;
using Serilog;
using XenMesh.Node.Configuration;

namespace XenMesh.Node.Hosting;

/// <summary><c>xenmesh agent --config FILE</c>: validate everything, then run until SIGTERM.</summary>
internal static class AgentCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args is not ["--config", var path])
        {
            await Console.Error.WriteLineAsync("xenmesh agent: usage: xenmesh agent --config FILE").ConfigureAwait(false);
            return EntryPoint.UsageExitCode;
        }

        var (settings, errors) = SettingsLoader.Load(path);
        if (settings is null)
        {
            await Console.Error.WriteLineAsync($"xenmesh agent: invalid configuration in {path}:").ConfigureAwait(false);
            foreach (var error in errors)
                await Console.Error.WriteLineAsync($"  {error}").ConfigureAwait(false);
            return EntryPoint.UsageExitCode;
        }

        Log.Logger = AgentLogging.CreateLogger();
        try
        {
            Log.Information("xenmesh {Version} agent {HostId} starting with {ConfigFile}", EntryPoint.Version, settings.Host.Id, Path.GetFullPath(path));
            await PersistenceSetup.PrepareAsync(settings).ConfigureAwait(false);
            using var host = AgentHost.Build(settings);
            await host.RunAsync().ConfigureAwait(false);
            Log.Information("xenmesh agent {HostId} stopped", settings.Host.Id);
            return 0;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Log.Fatal(e, "xenmesh agent {HostId} failed", settings.Host.Id);
            return 1;
        }
        finally
        {
            await Log.CloseAndFlushAsync().ConfigureAwait(false);
        }
    }
}
