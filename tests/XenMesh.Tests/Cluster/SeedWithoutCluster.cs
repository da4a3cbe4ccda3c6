using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Hosting;
using Akka.Remote.Hosting;
using Microsoft.Extensions.Hosting;
using XenMesh.Cluster.Bootstrap;
using XenMesh.Messages.Serialization;
using static XenMesh.Messages.Membership.IslandMessages;

namespace XenMesh.Tests.Cluster;

/// <summary>
/// A configured seed whose process runs but is no cluster member (a host not yet joined, or one whose agent
/// waits for its turn): Akka.Remote with the XenMesh serializer on a fixed loopback port and an actor at the
/// island detector's path that records the probes it gets and, like a member that is not up, never answers.
/// </summary>
internal sealed class SeedWithoutCluster : IAsyncDisposable
{
    private readonly IHost _host;

    private SeedWithoutCluster(IHost host, ConcurrentQueue<ProbeCluster> probes)
    {
        _host = host;
        Probes = probes;
    }

    /// <summary>The probes received, oldest first.</summary>
    public ConcurrentQueue<ProbeCluster> Probes { get; }

    public static async Task<SeedWithoutCluster> StartAsync(int port, CancellationToken ct)
    {
        var probes = new ConcurrentQueue<ProbeCluster>();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddAkka(MeshOptions.SystemName, akka => akka
            .WithXenMeshSerialization()
            // Without Akka.Cluster it cannot read the first seed's InitJoin, and says so at WARNING.
            .AddHocon("akka.loglevel = ERROR", HoconAddMode.Prepend)
            .WithRemoting("127.0.0.1", port)
            .WithActors((system, _) => system.ActorOf(Props.Create(() => new Recorder(probes)), IslandDetector.Name)));
        var host = builder.Build();
        await host.StartAsync(ct);
        return new SeedWithoutCluster(host, probes);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(CancellationToken.None);
        _host.Dispose();
    }

    private sealed class Recorder : ReceiveActor
    {
        public Recorder(ConcurrentQueue<ProbeCluster> probes) => Receive<ProbeCluster>(probes.Enqueue);
    }
}
