using System.Net;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using XenMesh.Cluster.Bootstrap;
using XenMesh.Cluster.Gateways;
using XenMesh.Cluster.Hosts;
using XenMesh.Cluster.Names;
using XenMesh.Messages.Serialization;
using XenMesh.Messages.Values;

namespace XenMesh.Tests.Cluster;

/// <summary>
/// One cluster member in this process: a real ActorSystem with remoting on a free loopback port, the name
/// registry, the zone replica, the host registry and the gateway registry, with the agent's serialization lock-down
/// (<c>allow-unregistered-types = false</c>): everything that crosses between members goes through a bound
/// serializer, XenMesh messages through <see cref="XenMeshSerializer"/>. The views are also in the host's
/// services, for actors that <c>more</c> adds.
/// <para>
/// A member started with <c>serializeMessages</c> also serializes every local message, so the claimant,
/// region and entity of a lone member exchange copies that went through the serializer. That needs the
/// fallback for Akka.Cluster's own local-only messages (<c>InternalClusterAction.Subscribe</c>,
/// <c>JoinTo</c>, <c>StopChild</c>, which have no binding), and it cannot be used for several members:
/// DData's local <c>ReadRepair</c> does not survive the fallback (Newtonsoft fails on its
/// <c>ImmutableDictionary</c>), so the shard coordinator never starts. A XenMesh type without a manifest
/// fails either way: the marker interface binds it to <see cref="XenMeshSerializer"/>, which refuses it.
/// </para>
/// </summary>
internal sealed class MeshNode : IAsyncDisposable
{
    private readonly IHost _host;

    private MeshNode(IHost host, string hostId, ZoneView zone, HostView hosts)
    {
        _host = host;
        HostId = hostId;
        Zone = zone;
        Hosts = hosts;
        System = host.Services.GetRequiredService<ActorSystem>();
        Registry = host.Services.GetRequiredService<IRequiredActor<NameRegistry>>().ActorRef;
        Gateways = host.Services.GetRequiredService<IRequiredActor<GatewayRegistry>>().ActorRef;
    }

    public string HostId { get; }

    public ActorSystem System { get; }

    public ZoneView Zone { get; }

    public HostView Hosts { get; }

    public IActorRef Registry { get; }

    /// <summary>The gateway registry's shard region.</summary>
    public IActorRef Gateways { get; }

    public Akka.Cluster.Cluster Cluster => Akka.Cluster.Cluster.Get(System);

    public (string Host, int Port) Endpoint => (Cluster.SelfAddress.Host!, Cluster.SelfAddress.Port!.Value);

    public static async Task<MeshNode> StartAsync(
        string hostId,
        string subnet,
        IReadOnlyList<(string Host, int Port)> seeds,
        CancellationToken ct,
        Action<AkkaConfigurationBuilder>? more = null,
        bool serializeMessages = false,
        MeshTlsOptions? tls = null,
        string? lanAddress = null)
    {
        var zone = new ZoneView();
        var hosts = new HostView();
        Assert.True(Ipv4Subnet.TryParse(subnet, out var parsed, out _));
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton(zone);
        builder.Services.AddSingleton(hosts);
        builder.Services.AddAkka(MeshOptions.SystemName, akka =>
        {
            akka.WithXenMeshSerialization()
                .AddHocon("akka.loglevel = WARNING", HoconAddMode.Prepend)
                .WithXenMeshCluster(MeshOptions.SingleNode() with { Seeds = seeds, StableAfter = TimeSpan.FromSeconds(3), Tls = tls })
                .WithNameRegistry(new NameRegistryOptions(TimeSpan.FromSeconds(30), TimeProvider.System), zone)
                .WithHostRegistry(new HostRegistryOptions(hostId, parsed, lanAddress is null ? null : IPAddress.Parse(lanAddress), TimeSpan.FromSeconds(30), TimeProvider.System), hosts)
                .WithGatewayRegistry(hosts);
            if (serializeMessages)
                akka.AddHocon("akka.actor.serialize-messages = on\nakka.actor.serialization-settings.allow-unregistered-types = true", HoconAddMode.Prepend);
            more?.Invoke(akka);
        });
        var host = builder.Build();
        await host.StartAsync(ct);
        return new MeshNode(host, hostId, zone, hosts);
    }

    /// <summary>Waits until this node sees <paramref name="count"/> members up.</summary>
    public Task AwaitUpAsync(int count, CancellationToken ct) =>
        Eventually.HoldsAsync(
            () => Task.FromResult((Cluster.State.Members.Count(m => m.Status == Akka.Cluster.MemberStatus.Up) == count, string.Join(", ", Cluster.State.Members))),
            TimeSpan.FromSeconds(30),
            $"{HostId} sees {count} members up",
            ct);

    /// <summary>An actor on this node to claim names with: the registry watches it.</summary>
    public IActorRef NewClaimant(string name) => System.ActorOf(Props.Empty, name);

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(CancellationToken.None);
        _host.Dispose();
    }
}
