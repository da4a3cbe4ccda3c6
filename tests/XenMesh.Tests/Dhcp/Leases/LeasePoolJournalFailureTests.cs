using Akka.Actor;
using Akka.Hosting;
using Akka.Persistence.TestKit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using XenMesh.Messages.Serialization;
using XenMesh.Node.Configuration;
using XenMesh.Node.Dhcp.Leases;
using static XenMesh.Node.Dhcp.Leases.LeasePoolProtocol;
using static XenMesh.Tests.Dhcp.Leases.PoolDriver;

namespace XenMesh.Tests.Dhcp.Leases;

/// <summary>
/// L1 when the journal misbehaves: Akka.Persistence.TestKit's journal fails or rejects writes on demand.
/// No ACK may leave for a lease that is not journaled, and the pool must come back without it.
/// </summary>
public sealed class LeasePoolJournalFailureTests
{
    private const string TestJournalConfig = """
        akka.persistence.journal.plugin = "akka.persistence.journal.test"
        akka.persistence.journal.test.class = "Akka.Persistence.TestKit.TestJournal, Akka.Persistence.TestKit"
        akka.persistence.journal.test.plugin-dispatcher = "akka.actor.default-dispatcher"
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.test"
        akka.persistence.snapshot-store.test.class = "Akka.Persistence.TestKit.TestSnapshotStore, Akka.Persistence.TestKit"
        akka.persistence.snapshot-store.test.plugin-dispatcher = "akka.actor.default-dispatcher"
        """;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_lease_the_journal_did_not_take_is_never_acked_and_the_pool_recovers_without_it(bool fail)
    {
        var ct = TestContext.Current.CancellationToken;
        var settings = new XenMeshSettings { Host = { Id = "testhost", StateDirectory = "/nonexistent" } };
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddAkka("leases-journal-failure", akka => akka
            .AddHocon(TestJournalConfig, HoconAddMode.Prepend)
            .WithXenMeshSerialization()
            .WithLeasePool(settings, new FakeTimeProvider(Start)));
        using var host = builder.Build();
        await host.StartAsync(ct);
        try
        {
            var pool = await host.Services.GetRequiredService<ActorRegistry>().GetAsync<LeasePool>(ct);
            var system = host.Services.GetRequiredService<ActorSystem>();
            var journal = TestJournal.FromRef(Akka.Persistence.Persistence.Instance.Apply(system).JournalFor(null));
            await DoraAsync(pool, Guest(1));

            if (fail)
                await journal.OnWrite.Fail();
            else
                await journal.OnWrite.Reject();
            Assert.Equal(Ip(2), Assert.IsType<LeaseOffer>(await pool.Ask<ILeasePoolReply>(new Discover(Guest(2)), Timeout, ct)).Grant.Address);
            await Assert.ThrowsAsync<AskTimeoutException>(() => pool.Ask<ILeasePoolReply>(new RequestSelecting(Guest(2), ServerId, Ip(2)), TimeSpan.FromSeconds(2), ct));
            await journal.OnWrite.Pass();

            var leases = await AwaitAnswerAsync(pool, ListLeases.Instance, ct);
            Assert.Equal([Ip(1)], Assert.IsType<LeaseList>(leases).Leases.Select(l => l.Address));
            Assert.Equal(Ip(2), (await DoraAsync(pool, Guest(2))).Address);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    private static async Task<LeaseGrant> DoraAsync(IActorRef pool, LeaseClient client)
    {
        var offer = Assert.IsType<LeaseOffer>(await pool.Ask<ILeasePoolReply>(new Discover(client), Timeout));
        return Assert.IsType<LeaseAck>(await pool.Ask<ILeasePoolReply>(new RequestSelecting(client, ServerId, offer.Grant.Address), Timeout)).Grant;
    }

    /// <summary>While the supervisor waits to restart the pool, asks go unanswered; retry until it is back.</summary>
    private static async Task<ILeasePoolReply> AwaitAnswerAsync(IActorRef pool, ILeasePoolCommand command, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            try
            {
                return await pool.Ask<ILeasePoolReply>(command, TimeSpan.FromMilliseconds(500), ct);
            }
            catch (AskTimeoutException) when (DateTime.UtcNow < deadline)
            {
            }
        }
    }
}
