using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Serilog;
using XenMesh.Node.Configuration;
using XenMesh.Node.Mesh;

namespace XenMesh.Node.Hosting;

/// <summary>
/// <c>xenmesh agent [--witness] --config FILE</c>: validate everything, then run until SIGTERM. A witness only
/// joins the cluster (it needs a <c>cluster</c> section with seeds) so two dom0s and it make a majority.
/// </summary>
internal static class AgentCommand
{
    /// <summary>
    /// EX_TEMPFAIL, the last resort: the mesh could not be restarted after this member was downed
    /// (<see cref="MeshIncarnations.MaxAttempts"/> failed starts); systemd's <c>Restart=on-failure</c> starts a new process.
    /// </summary>
    public const int DownedExitCode = 75;

    public static async Task<int> RunAsync(string[] args)
    {
        var rest = args.Where(a => a != "--witness").ToArray();
        var witness = rest.Length < args.Length;
        if (rest is not ["--config", var path] || args.Length - rest.Length > 1)
        {
            await Console.Error.WriteLineAsync("xenmesh agent: usage: xenmesh agent [--witness] --config FILE").ConfigureAwait(false);
            return EntryPoint.UsageExitCode;
        }

        var (settings, errors) = SettingsLoader.Load(path);
        if (settings is { Cluster: null or { Seeds.Count: 0 } } && witness)
        {
            settings = null;
            errors = [new ConfigError("cluster.seeds", "a witness needs a cluster section with the dom0s' seeds; alone it witnesses nothing")];
        }
        if (settings is null)
            return await RefuseAsync(path, errors).ConfigureAwait(false);

        Log.Logger = AgentLogging.CreateLogger();
        try
        {
            Log.Information("xenmesh {Version} {Role} {HostId} starting with {ConfigFile}", EntryPoint.Version, witness ? "witness" : "agent", settings.Host.Id, Path.GetFullPath(path));
            if (!witness)
            {
                var (resolved, assignmentErrors) = await SupernetBootstrap.ResolveAsync(settings, CancellationToken.None).ConfigureAwait(false);
                if (resolved is null)
                    return await RefuseAsync(path, assignmentErrors).ConfigureAwait(false);
                await PersistenceSetup.PrepareAsync(settings).ConfigureAwait(false);
            }

            using var host = AgentHost.Build(settings, witness);
            // Not RunAsync: it disposes the host, and the mesh's outcome is read afterwards.
            await host.StartAsync().ConfigureAwait(false);
            await host.WaitForShutdownAsync().ConfigureAwait(false);
            if (host.Services.GetRequiredService<MeshIncarnations>().GaveUp)
            {
                // A new process recovers its leases from the journal and re-asserts its names.
                Log.Warning("xenmesh agent {HostId} could not rejoin the cluster in process; exiting {ExitCode} to be restarted", settings.Host.Id, DownedExitCode);
                return DownedExitCode;
            }

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

    private static async Task<int> RefuseAsync(string path, IReadOnlyList<ConfigError> errors)
    {
        await Console.Error.WriteLineAsync($"xenmesh agent: invalid configuration in {path}:").ConfigureAwait(false);
        foreach (var error in errors)
            await Console.Error.WriteLineAsync($"  {error}").ConfigureAwait(false);
        return EntryPoint.UsageExitCode;
    }
}
