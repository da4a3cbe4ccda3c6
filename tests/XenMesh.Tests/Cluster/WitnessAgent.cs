using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Member = Akka.Cluster.Member;
using MemberStatus = Akka.Cluster.MemberStatus;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using XenMesh.Node.Configuration;
using XenMesh.Node.Hosting;
using XenMesh.Node.Mesh;

namespace XenMesh.Tests.Cluster;

/// <summary>
/// The agent of <c>xenmesh agent --witness</c> in this process, built as the executable builds it: its mesh runs
/// in incarnations that <see cref="MeshIncarnations"/> restarts, on a fixed loopback port that the other members'
/// seed lists can name.
/// </summary>
internal sealed class WitnessAgent : IAsyncDisposable
{
    private readonly IHost _host;

    private WitnessAgent(IHost host, int port)
    {
        _host = host;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The current incarnation's ActorSystem; null while the mesh restarts.</summary>
    public ActorSystem? Mesh => _host.Services.GetRequiredService<MeshSystem>().Current;

    /// <summary>This member as its current incarnation sees itself, or null while the mesh restarts.</summary>
    public Member? Self => Mesh is { } mesh ? Akka.Cluster.Cluster.Get(mesh).SelfMember : null;

    /// <summary>Members up in the current incarnation's view; empty while the mesh restarts.</summary>
    public IReadOnlyList<Member> Up =>
        Mesh is { } mesh ? [.. Akka.Cluster.Cluster.Get(mesh).State.Members.Where(m => m.Status == MemberStatus.Up)] : [];

    /// <summary>Starts a witness on 127.0.0.1:<paramref name="port"/> with the seeds 127.0.0.1:<paramref name="seedPorts"/>, in that order.</summary>
    public static async Task<WitnessAgent> StartAsync(string hostId, int port, IReadOnlyList<int> seedPorts, CancellationToken ct)
    {
        var settings = new XenMeshSettings
        {
            Host = { Id = hostId },
            CommandHost = { Port = FreePort() },
            Cluster = new ClusterSettings
            {
                Hostname = "127.0.0.1",
                Port = port,
                Seeds = [.. seedPorts.Select(p => $"127.0.0.1:{p}")],
                StableAfter = TimeSpan.FromSeconds(3),
            },
        };
        Assert.Empty(SettingsValidator.Validate(settings));
        var host = AgentHost.Build(settings, witness: true);
        await host.StartAsync(ct);
        return new WitnessAgent(host, port);
    }

    /// <summary>A loopback TCP port free at the moment, to be named in seed lists before its member starts.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(CancellationToken.None);
        _host.Dispose();
    }
}
