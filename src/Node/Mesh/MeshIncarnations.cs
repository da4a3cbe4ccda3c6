using Akka.Actor;
using Akka.Hosting;
using Akka.Logger.Serilog;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Serilog;
using XenMesh.Cluster.Bootstrap;
using XenMesh.Messages.Serialization;
using XenMesh.Node.Configuration;

namespace XenMesh.Node.Mesh;

/// <summary>
/// Runs the mesh (Akka.Remote, Akka.Cluster, the registries, the claimant) in an ActorSystem of its own, beside
/// the data plane's, which is never clustered. A downed member cannot rejoin with the same ActorSystem: when the
/// mesh's system terminates while the agent is not stopping, this starts a new incarnation with the same
/// configuration, which joins through the seeds as a new member and re-asserts this host's claims and host
/// record, while the bridge, vifs, DHCP and DNS keep serving from the data plane's system. A graceful leave
/// (<c>cluster leave</c>) stops the agent, as it always did. After <see cref="MaxAttempts"/> failed starts in
/// a row it gives up and stops the agent with <see cref="GaveUp"/> set: the last resort, exit 75 and systemd's
/// restart.
/// </summary>
public sealed class MeshIncarnations : IHostedService, IDisposable
{
    /// <summary>Starts of a new incarnation that may fail in a row (e.g. the port still held) before the agent gives up.</summary>
    public const int MaxAttempts = 5;

    private static readonly TimeSpan RetryStep = TimeSpan.FromSeconds(2);

    private readonly XenMeshSettings _settings;
    private readonly bool _witness;
    private readonly IServiceProvider _agent;
    private readonly MeshSystem _current;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly CancellationTokenSource _stopping = new();
    private IHost? _host;
    private Task _watching = Task.CompletedTask;

    public MeshIncarnations(XenMeshSettings settings, bool witness, IServiceProvider agent, MeshSystem current, IHostApplicationLifetime lifetime)
    {
        _settings = settings;
        _witness = witness;
        _agent = agent;
        _current = current;
        _lifetime = lifetime;
    }

    /// <summary>Set when no new incarnation could be started: the agent stopped and should exit 75 to be restarted.</summary>
    public bool GaveUp { get; private set; }

    /// <summary>The first incarnation: its failure fails the agent's start, as before the mesh could restart.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _host = await StartIncarnationAsync(MeshAgentHosting.MeshOptionsFor(_settings, _witness), cancellationToken).ConfigureAwait(false);
        _watching = WatchAsync(_stopping.Token);
    }

    /// <summary>Stops watching, then stops the current incarnation: it leaves the cluster gracefully.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _watching.ConfigureAwait(false);
        if (_host is { } host)
        {
            _current.Swap(null);
            await host.StopAsync(cancellationToken).ConfigureAwait(false);
            host.Dispose();
            _host = null;
        }
    }

    public void Dispose()
    {
        _host?.Dispose();
        _stopping.Dispose();
    }

    private async Task WatchAsync(CancellationToken stopping)
    {
        // A rejoining member never forms a cluster of its own: it must not be the first seed, or after a
        // partition it would start an island the majority can never merge with.
        var rejoin = MeshAgentHosting.MeshOptionsFor(_settings, _witness).ForRejoin();
        while (_host is { } host)
        {
            var system = host.Services.GetRequiredService<ActorSystem>();
            try
            {
                await system.WhenTerminated.WaitAsync(stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var reason = CoordinatedShutdown.Get(system).ShutdownReason;
            _current.Swap(null);
            host.Dispose();
            _host = null;
            if (reason is CoordinatedShutdown.ClusterLeavingReason)
            {
                Log.Information("This member left the cluster; the agent stops");
                _lifetime.StopApplication();
                return;
            }

            if (reason is IslandMergeReason)
                Log.Warning("The mesh left its island; starting a new incarnation that joins the larger cluster through the seeds while the data plane keeps serving");
            else
                Log.Warning("The mesh's ActorSystem terminated ({Reason}); starting a new incarnation to rejoin while the data plane keeps serving", reason?.GetType().Name ?? "no reason");
            _host = await RestartAsync(rejoin, stopping).ConfigureAwait(false);
        }
    }

    private async Task<IHost?> RestartAsync(MeshOptions options, CancellationToken stopping)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartIncarnationAsync(options, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return null;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                if (attempt == MaxAttempts)
                {
                    Log.Fatal(e, "The mesh could not be restarted after {Attempts} attempts; stopping the agent to be restarted", attempt);
                    GaveUp = true;
                    _lifetime.StopApplication();
                    return null;
                }

                Log.Error(e, "Starting a new incarnation of the mesh failed (attempt {Attempt} of {Attempts})", attempt, MaxAttempts);
            }

            try
            {
                await Task.Delay(RetryStep * attempt, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return null;
            }
        }
    }

    private async Task<IHost> StartIncarnationAsync(MeshOptions options, CancellationToken ct)
    {
        var host = Build(options);
        try
        {
            await host.StartAsync(ct).ConfigureAwait(false);
        }
        catch
        {
            host.Dispose();
            throw;
        }

        var system = host.Services.GetRequiredService<ActorSystem>();
        var cluster = Akka.Cluster.Cluster.Get(system);
        var started = DateTimeOffset.UtcNow;
        cluster.RegisterOnMemberUp(() => Log.Information("Member {Address} (uid {Uid}) is up {Elapsed} after its incarnation started", cluster.SelfAddress, cluster.SelfUniqueAddress.Uid, DateTimeOffset.UtcNow - started));
        _current.Swap(system);
        return host;
    }

    /// <summary>
    /// A host for a mesh ActorSystem (<see cref="MeshOptions.SystemName"/>, Serilog, the XenMesh serializer) that only
    /// its owner stops; <paramref name="mesh"/> adds the cluster and what runs in it.
    /// </summary>
    internal static IHost BuildMeshHost(Action<AkkaConfigurationBuilder> mesh)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ContentRootPath = AppContext.BaseDirectory,
        });

        // The agent's host owns SIGTERM; the mesh's host must not stop on it by itself (the ActorSystem's end would look like a downing).
        builder.Services.AddSingleton<IHostLifetime, OwnedLifetime>();
        builder.Services.AddAkka(MeshOptions.SystemName, akka =>
        {
            akka.AddHocon("akka.coordinated-shutdown.run-by-clr-shutdown-hook = off", HoconAddMode.Prepend);
            akka.ConfigureLoggers(l =>
                {
                    l.ClearLoggers();
                    l.AddLogger<SerilogLogger>();
                })
                .WithXenMeshSerialization();
            mesh(akka);
        });
        return builder.Build();
    }

    private IHost Build(MeshOptions options) => BuildMeshHost(akka => akka.WithMesh(_settings, options, _witness, _agent));

    /// <summary>A host lifetime that only its owner ends: no console or signal handling.</summary>
    private sealed class OwnedLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
