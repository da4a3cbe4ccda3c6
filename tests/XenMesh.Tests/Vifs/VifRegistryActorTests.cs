using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using XenMesh.Messages.Serialization;
using XenMesh.Node.Configuration;
using XenMesh.Node.Hosting;
using XenMesh.Node.Vifs;
using XenMesh.Node.Xen;
using static XenMesh.Node.Vifs.VifRegistryProtocol;
using static XenMesh.Tests.Vifs.VifRegistryStateTests;

using XenMesh.Tests.Persistence;

namespace XenMesh.Tests.Vifs;

/// <summary>
/// The registry on a real journal: Akka.Persistence.Sql on a SQLite file, configured as the agent
/// does it, with no serializer fallback for unbound types. The journal itself is the serialization
/// check here: <c>serialize-messages = on</c> cannot be combined with that lock-down in a system that
/// runs persistence, because Akka's own local messages (<c>RequestRecoveryPermit</c>) have no binding.
/// </summary>
public sealed class VifRegistryActorTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly SqliteTestJournal _journal = new("registry");

    public void Dispose() => _journal.Dispose();

    [Fact]
    public async Task The_registry_survives_a_restart_of_the_actor_system()
    {
        var ct = TestContext.Current.CancellationToken;
        await using (var first = await StartAsync(snapshotInterval: 100, ct))
        {
            Assert.Equal(new Registered(Vif(5), true), await first.AskAsync(new Register(Vif(5))));
            await first.AskAsync(new Register(Vif(6, mac: "aa:cc:00:00:00:06", name: null)));
            await first.AskAsync(new Register(Vif(7, mac: "aa:cc:00:00:00:07")));
            Assert.Equal(new Forgotten(Vif(7, mac: "aa:cc:00:00:00:07")), await first.AskAsync(new Forget(new VifId(7, 0))));
        }

        await using var second = await StartAsync(snapshotInterval: 100, ct);
        var vifs = Assert.IsType<RegisteredVifs>(await second.AskAsync(GetVifs.Instance)).Vifs;
        Assert.Equal([Vif(5), Vif(6, mac: "aa:cc:00:00:00:06", name: null)], vifs);
        Assert.Equal(new Registered(Vif(5), false), await second.AskAsync(new Register(Vif(5))));
        Assert.Equal(["vf1", "vr1"], await _journal.QueryAsync("SELECT DISTINCT manifest FROM journal ORDER BY manifest", ct));
        Assert.Equal(["4711"], await _journal.QueryAsync("SELECT DISTINCT identifier FROM journal", ct));
    }

    [Fact]
    public async Task Snapshots_are_taken_every_n_events_and_recovery_uses_them()
    {
        var ct = TestContext.Current.CancellationToken;
        await using (var first = await StartAsync(snapshotInterval: 3, ct))
        {
            for (var domId = 1; domId <= 7; domId++)
                await first.AskAsync(new Register(Vif(domId, mac: $"aa:cc:00:00:00:0{domId}")));
            await first.AskAsync(new Forget(new VifId(2, 0)));
            await Eventually.HoldsAsync(async () =>
            {
                var snapshots = await _journal.QuerySnapshotsAsync("SELECT sequence_number FROM snapshot", ct);
                return (snapshots.SequenceEqual(["6"]), $"[{string.Join(", ", snapshots)}]");
            }, Timeout, "the snapshot at sequence number 6", ct);
        }

        Assert.Equal(["vs1"], await _journal.QuerySnapshotsAsync("SELECT manifest FROM snapshot", ct));
        await using var second = await StartAsync(snapshotInterval: 3, ct);
        var vifs = Assert.IsType<RegisteredVifs>(await second.AskAsync(GetVifs.Instance)).Vifs;
        Assert.Equal([1, 3, 4, 5, 6, 7], vifs.Select(v => v.DomId));
    }

    private async Task<RegistryHost> StartAsync(int snapshotInterval, CancellationToken ct)
    {
        var settings = new XenMeshSettings { Host = { Id = "testhost", StateDirectory = _journal.StateDirectory } };
        await PersistenceSetup.PrepareAsync(settings, ct);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddAkka("registry-test", akka => akka
            .WithXenMeshPersistence(settings)
            .WithXenMeshSerialization()
            .WithVifRegistry(settings.Host.Id, snapshotInterval));
        var host = builder.Build();
        await host.StartAsync(ct);
        var registry = await host.Services.GetRequiredService<ActorRegistry>().GetAsync<VifRegistry>(ct);
        return new RegistryHost(host, registry);
    }

    private sealed class RegistryHost(IHost host, IActorRef registry) : IAsyncDisposable
    {
        public Task<object> AskAsync(IVifRegistryCommand command) => registry.Ask<object>(command, Timeout);

        public async ValueTask DisposeAsync()
        {
            await host.StopAsync(CancellationToken.None);
            host.Dispose();
        }
    }
}
