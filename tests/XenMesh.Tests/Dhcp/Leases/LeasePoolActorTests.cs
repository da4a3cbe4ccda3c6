using System.Globalization;
using System.Net;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using XenMesh.Messages.Leases;
using XenMesh.Messages.Serialization;
using XenMesh.Node.Configuration;
using XenMesh.Node.Dhcp.Leases;
using XenMesh.Node.Filter;
using XenMesh.Node.Hosting;
using static XenMesh.Node.Dhcp.Leases.LeaseNameChanges;
using static XenMesh.Node.Dhcp.Leases.LeasePoolProtocol;
using static XenMesh.Tests.Dhcp.Leases.PoolDriver;

using XenMesh.Tests.Linux;
using XenMesh.Tests.Persistence;

namespace XenMesh.Tests.Dhcp.Leases;

/// <summary>
/// The pool on a real journal: Akka.Persistence.Sql on a SQLite file in a temp directory, configured as
/// the agent does it, serialized by the XenMesh serializer with no fallback, and a fake clock.
/// </summary>
public sealed class LeasePoolActorTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly SqliteTestJournal _journal = new("leases");
    private readonly FakeTimeProvider _clock = new(Start);

    public void Dispose() => _journal.Dispose();

    [Fact]
    public async Task An_ack_is_sent_only_once_its_lease_is_in_the_journal_and_offers_are_never_journaled()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var pool = await StartAsync(ct);

        var offer = Assert.IsType<LeaseOffer>(await pool.AskAsync(new Discover(Guest(1, hostName: "xen1.xen"))));
        Assert.Empty(await _journal.QueryAsync("SELECT manifest FROM journal", ct));

        var ack = Assert.IsType<LeaseAck>(await pool.AskAsync(new RequestSelecting(Guest(1, hostName: "xen1.xen"), ServerId, offer.Grant.Address)));
        Assert.Equal((Ip(1), "xen1"), (ack.Grant.Address, ack.Grant.Name));
        Assert.Equal(["l:testhost lc1 1"], await _journal.QueryAsync("SELECT persistence_id || ' ' || manifest || ' ' || sequence_number FROM journal", ct));
    }

    [Fact]
    public async Task Concurrent_requests_are_committed_together_and_each_gets_its_own_reply()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var pool = await StartAsync(ct);

        var offers = await Task.WhenAll(Enumerable.Range(1, 200).Select(n => pool.AskAsync(new Discover(Relayed(n)))));
        var acks = await Task.WhenAll(offers.Select((o, i) =>
            pool.AskAsync(new RequestSelecting(Relayed(i + 1), ServerId, Assert.IsType<LeaseOffer>(o).Grant.Address))));

        var addresses = acks.Select(a => Assert.IsType<LeaseAck>(a).Grant.Address).ToList();
        Assert.Equal(200, addresses.Distinct().Count());
        Assert.Equal(["200"], await _journal.QueryAsync("SELECT COUNT(*) FROM journal WHERE manifest = 'lc1'", ct));
    }

    [Fact]
    public async Task A_batch_is_answered_by_index_its_offers_at_once_and_each_ack_only_once_its_lease_is_in_the_journal()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var pool = await StartAsync(ct);

        var offers = await pool.BatchAsync([new Discover(Relayed(1)), new Discover(Relayed(2))], ct);
        Assert.All(offers, o => Assert.Equal(0, o.JournaledLeases));
        var addresses = offers.Select(o => Assert.IsType<LeaseOffer>(o.Reply).Grant.Address).ToList();

        var answers = await pool.BatchAsync(
            [new RequestSelecting(Relayed(1), ServerId, addresses[0]), new Discover(Relayed(3)), new RequestSelecting(Relayed(2), ServerId, addresses[1])],
            ct);

        Assert.Equal(addresses[0], Assert.IsType<LeaseAck>(answers[0].Reply).Grant.Address);
        Assert.Equal(addresses[1], Assert.IsType<LeaseAck>(answers[2].Reply).Grant.Address);
        Assert.IsType<LeaseOffer>(answers[1].Reply);
        Assert.All([answers[0], answers[2]], a => Assert.True(a.JournaledLeases >= 1));
        Assert.Equal(["2"], await _journal.QueryAsync("SELECT COUNT(*) FROM journal WHERE manifest = 'lc1'", ct));
    }

    [Fact]
    public async Task Leases_survive_a_restart_and_the_pool_answers_only_from_the_recovered_journal()
    {
        var ct = TestContext.Current.CancellationToken;
        await using (var first = await StartAsync(ct))
        {
            for (var n = 1; n <= 150; n++)
                await first.DoraAsync(Relayed(n));
            await first.DoraAsync(Guest(1, hostName: "web"));
            await first.AskAsync(new Release(Relayed(2), Ip(2)));
            await first.AskAsync(new Decline(Relayed(3), Ip(3)));
        }

        await using var second = await StartAsync(ct);
        var renewal = second.AskAsync(new RequestRenewing(Guest(1, hostName: "web"), Ip(151)));
        var list = second.AskAsync(ListLeases.Instance);

        var renewed = Assert.IsType<LeaseAck>(await renewal).Grant;
        Assert.Equal((Ip(151), "web"), (renewed.Address, renewed.Name));
        var leases = Assert.IsType<LeaseList>(await list).Leases;
        Assert.Equal(149, leases.Count);
        Assert.DoesNotContain(leases, l => l.Address.Equals(Ip(2)) || l.Address.Equals(Ip(3)));
        Assert.Equal(Ip(2), Assert.IsType<LeaseOffer>(await second.AskAsync(new Discover(Relayed(2)))).Grant.Address);
        Assert.Equal(Ip(152), Assert.IsType<LeaseOffer>(await second.AskAsync(new Discover(Relayed(3)))).Grant.Address);
        Assert.Equal(1, Assert.IsType<PoolStatus>(await second.AskAsync(GetPoolStatus.Instance)).Quarantined);
    }

    [Fact]
    public async Task A_snapshot_is_saved_after_its_events_are_journaled_and_recovery_starts_from_it()
    {
        var ct = TestContext.Current.CancellationToken;
        long snapshotSequence;
        await using (var first = await StartAsync(ct, snapshotInterval: 10))
        {
            for (var n = 1; n <= 25; n++)
                await first.DoraAsync(Relayed(n));
            await Eventually.HoldsAsync(async () =>
            {
                var snapshots = await _journal.QuerySnapshotsAsync("SELECT manifest FROM snapshot", ct);
                return (snapshots.SequenceEqual([LeasePoolSnapshotCodec.Manifest]), $"[{string.Join(", ", snapshots)}]");
            }, Timeout, "one pool snapshot in the store", ct);
            snapshotSequence = long.Parse((await _journal.QuerySnapshotsAsync("SELECT sequence_number FROM snapshot", ct)).Single(), CultureInfo.InvariantCulture);
        }

        Assert.Equal(10, snapshotSequence);

        // Without the events the snapshot covers, only the snapshot can bring those leases back.
        await _journal.QueryAsync($"DELETE FROM journal WHERE sequence_number <= {snapshotSequence}", ct);
        await using var second = await StartAsync(ct, snapshotInterval: 10);
        var leases = Assert.IsType<LeaseList>(await second.AskAsync(ListLeases.Instance)).Leases;
        Assert.Equal(Enumerable.Range(1, 25).Select(Ip), leases.Select(l => l.Address));
    }

    /// <summary>
    /// Earlier versions kept snapshots in the journal's file. The journal is never trimmed, so replaying it would
    /// recover every lease anyway; here the events the snapshot covers are removed so that only the moved snapshot
    /// can bring those leases back.
    /// </summary>
    [Fact]
    public async Task A_state_directory_with_its_snapshot_in_the_journal_file_recovers_every_lease_from_the_moved_snapshot()
    {
        var ct = TestContext.Current.CancellationToken;
        await using (var old = await StartAsync(ct, snapshotInterval: 10, layout: PersistenceLayout.OneFile))
        {
            for (var n = 1; n <= 25; n++)
                await old.DoraAsync(Relayed(n));
            await Eventually.HoldsAsync(async () =>
            {
                var snapshots = await _journal.QueryAsync("SELECT sequence_number FROM snapshot", ct);
                return (snapshots.SequenceEqual(["10"]), $"[{string.Join(", ", snapshots)}]");
            }, Timeout, "the pool's snapshot at sequence number 10 in the journal's file", ct);
        }

        await _journal.QueryAsync("DELETE FROM journal WHERE sequence_number <= 10", ct);
        await using var upgraded = await StartAsync(ct, snapshotInterval: 10);

        var leases = Assert.IsType<LeaseList>(await upgraded.AskAsync(ListLeases.Instance)).Leases;
        Assert.Equal(Enumerable.Range(1, 25).Select(Ip), leases.Select(l => l.Address));
        Assert.Equal(["l:testhost 10 " + LeasePoolSnapshotCodec.Manifest], await _journal.QuerySnapshotsAsync("SELECT persistence_id || ' ' || sequence_number || ' ' || manifest FROM snapshot", ct));
        Assert.Empty(await _journal.QueryAsync("SELECT sequence_number FROM snapshot", ct));
    }

    [Fact]
    public async Task The_expiry_timer_reaps_leases_by_the_pools_clock_and_publishes_the_name_going_away()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var pool = await StartAsync(ct);
        var names = Inbox.Create(pool.Actors);
        pool.Actors.EventStream.Subscribe(names.Receiver, typeof(ILeaseNameChange));

        await pool.DoraAsync(Guest(1, domain: "xen1"));
        Assert.Equal(new LeaseNameBound("xen1", Ip(1), Guest(1).Mac, "vif1.0", LeaseNameSource.XenDomain, Start, Start + TimeSpan.FromDays(3)), await names.ReceiveAsync(Timeout));

        _clock.Advance(TimeSpan.FromDays(3));
        Assert.Equal(new LeaseNameUnbound("xen1", Ip(1), Guest(1).Mac, "vif1.0"), await names.ReceiveAsync(Timeout));
        Assert.Empty(Assert.IsType<LeaseList>(await pool.AskAsync(ListLeases.Instance)).Leases);
        Assert.Equal(["lc1", "le1"], await _journal.QueryAsync("SELECT manifest FROM journal ORDER BY sequence_number", ct));
    }

    [Fact]
    public async Task More_expired_leases_than_one_sweep_takes_are_reaped_by_follow_up_sweeps_without_waiting_for_the_timer()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var pool = await StartAsync(ct, dhcp: d => d.ExpirySweepInterval = TimeSpan.FromHours(1), bridge: "10.0.7.254/21");
        var count = LeasePoolState.MaxExpiriesPerSweep + 10;
        await Task.WhenAll(Enumerable.Range(1, count).Select(n => pool.DoraAsync(Relayed(n), server: Ip("10.0.7.254"))));

        _clock.Advance(TimeSpan.FromDays(3));
        Assert.Equal(new Swept(LeasePoolState.MaxExpiriesPerSweep, More: true), await pool.AskAsync(ExpirySweep.Instance));
        await Eventually.HoldsAsync(async () =>
        {
            var left = Assert.IsType<LeaseList>(await pool.AskAsync(ListLeases.Instance)).Leases.Count;
            return (left == 0, $"{left} leases left");
        }, Timeout, "every expired lease reaped", ct);
        Assert.Equal([count.ToString(CultureInfo.InvariantCulture)], await _journal.QueryAsync("SELECT COUNT(*) FROM journal WHERE manifest = 'le1'", ct));
    }

    [Fact]
    public async Task A_full_pool_answers_nothing_and_counts_it()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var pool = await StartAsync(ct, dhcp: d => (d.RangeStart, d.RangeEnd) = ("192.168.0.1", "192.168.0.2"));
        await pool.DoraAsync(Relayed(1));
        await pool.DoraAsync(Relayed(2));

        Assert.Equal(new NoAnswer(NoAnswerReason.PoolExhausted), await pool.AskAsync(new Discover(Relayed(3))));
        Assert.Equal(new NoAnswer(NoAnswerReason.PoolExhausted), await pool.AskAsync(new Discover(Relayed(4))));
        var status = Assert.IsType<PoolStatus>(await pool.AskAsync(GetPoolStatus.Instance));
        Assert.Equal((2, 0, 2L), (status.Size, status.Free, status.Dropped[NoAnswerReason.PoolExhausted]));
    }

    [Fact]
    public async Task Bad_reservations_are_skipped_and_the_good_ones_served()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var pool = await StartAsync(ct, dhcp: d => d.Reservations =
        [
            new DhcpReservationSettings { Mac = "00:16:3e:00:00:01", Address = "192.168.0.100", Name = "db" },
            new DhcpReservationSettings { Mac = "00:16:3e:00:00:02", Address = "192.168.0.100" },
            new DhcpReservationSettings { Mac = "not-a-mac", Address = "192.168.0.101" },
        ]);

        var reserved = await pool.DoraAsync(Guest(1));
        Assert.Equal((Ip(100), "db"), (reserved.Address, reserved.Name));
        Assert.Equal(Ip(1), (await pool.DoraAsync(Guest(2))).Address);
    }

    [Fact]
    public async Task With_the_bridge_filter_an_ack_waits_until_nft_took_the_lease_and_none_is_sent_when_nft_fails()
    {
        var ct = TestContext.Current.CancellationToken;
        var nft = new RecordingProcessRunner();
        await using var pool = await StartAsync(ct, filter: nft);
        var offer = Assert.IsType<LeaseOffer>(await pool.AskAsync(new Discover(Guest(1))));

        var ack = Assert.IsType<LeaseAck>(await pool.AskAsync(new RequestSelecting(Guest(1), ServerId, offer.Grant.Address)));

        Assert.Equal($"add element bridge xenmesh bound4 {{ \"{Guest(1).Vif}\" . {Guest(1).Mac} . {ack.Grant.Address} }}\n", nft.Inputs[^1]);
        nft.Reply(exitCode: 1, stderr: "Error: Could not process rule");
        var second = Assert.IsType<LeaseOffer>(await pool.AskAsync(new Discover(Guest(2))));
        await Assert.ThrowsAsync<AskTimeoutException>(() => pool.Actors.ActorSelection("/user/lease-pool").Ask<ILeasePoolReply>(
            new RequestSelecting(Guest(2), ServerId, second.Grant.Address), TimeSpan.FromSeconds(2), ct));
    }

    [Fact]
    public async Task With_the_bridge_filter_a_batch_gets_its_offer_at_once_and_its_acks_once_journaled_and_in_nft()
    {
        var ct = TestContext.Current.CancellationToken;
        var nft = new RecordingProcessRunner();
        await using var pool = await StartAsync(ct, filter: nft);
        var offers = await pool.BatchAsync([new Discover(Guest(1)), new Discover(Guest(2))], ct);
        var addresses = offers.Select(o => Assert.IsType<LeaseOffer>(o.Reply).Grant.Address).ToList();

        var answers = await pool.BatchAsync(
            [new RequestSelecting(Guest(1), ServerId, addresses[0]), new Discover(Guest(3)), new RequestSelecting(Guest(2), ServerId, addresses[1])],
            ct,
            () => string.Concat(nft.Inputs));

        Assert.IsType<LeaseOffer>(answers[1].Reply);
        foreach (var (answer, n) in new[] { (answers[0], 1), (answers[2], 2) })
        {
            var ack = Assert.IsType<LeaseAck>(answer.Reply);
            Assert.True(answer.JournaledLeases >= n, $"ACK {n} left with {answer.JournaledLeases} leases journaled");
            Assert.Contains($"\"{Guest(n).Vif}\" . {Guest(n).Mac} . {ack.Grant.Address}", answer.Observed, StringComparison.Ordinal);
        }
    }

    private async Task<PoolHost> StartAsync(
        CancellationToken ct,
        int snapshotInterval = LeasePoolActor.DefaultSnapshotInterval,
        Action<DhcpSettings>? dhcp = null,
        string bridge = "192.168.0.254/24",
        RecordingProcessRunner? filter = null,
        PersistenceLayout layout = PersistenceLayout.Current)
    {
        var settings = new XenMeshSettings { Host = { Id = "testhost", StateDirectory = _journal.StateDirectory }, Bridge = { Address = bridge } };
        settings.Dhcp.ExpirySweepInterval = TimeSpan.FromSeconds(1);
        dhcp?.Invoke(settings.Dhcp);
        Assert.Empty(SettingsValidator.Validate(settings));
        if (layout == PersistenceLayout.Current)
            await PersistenceSetup.PrepareAsync(settings, ct);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddAkka("leases-test", akka => akka
            .WithPersistence(settings, layout)
            .WithXenMeshSerialization()
            .WithActors((system, registry) =>
            {
                if (filter is not null)
                    registry.Register<BridgeFilter>(system.ActorOf(BridgeFilterActor.Props(filter, _ => Task.FromResult(new FilterContents([], []))), "bridge-filter"));
            })
            .WithLeasePool(settings, _clock, snapshotInterval));
        var host = builder.Build();
        await host.StartAsync(ct);
        var pool = await host.Services.GetRequiredService<ActorRegistry>().GetAsync<LeasePool>(ct);
        return new PoolHost(host, pool, host.Services.GetRequiredService<ActorSystem>(), _journal);
    }

    /// <summary>A reply of a batch, the leases the journal held when it was given, and what the test's observer saw then.</summary>
    private sealed record BatchAnswer(ILeasePoolReply Reply, int JournaledLeases, string? Observed);

    private sealed class PoolHost(IHost host, IActorRef pool, ActorSystem system, SqliteTestJournal journal) : IAsyncDisposable
    {
        public ActorSystem Actors => system;

        /// <summary>
        /// Sends one <see cref="ClientCommands"/>; each answer notes how many leases were journaled when it came and
        /// what <paramref name="observe"/> (if given) returned then.
        /// </summary>
        public async Task<BatchAnswer[]> BatchAsync(IReadOnlyList<IDhcpClientCommand> commands, CancellationToken ct, Func<string>? observe = null)
        {
            var answers = new BatchAnswer?[commands.Count];
            var remaining = commands.Count;
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            pool.Tell(new ClientCommands(commands, (index, reply) =>
            {
                // Read on the thread that answers, before the answer is out: what the journal holds at that moment.
                var journaled = journal.QueryAsync("SELECT COUNT(*) FROM journal WHERE manifest = 'lc1'", CancellationToken.None).GetAwaiter().GetResult();
                answers[index] = new BatchAnswer(reply, int.Parse(journaled[0], CultureInfo.InvariantCulture), observe?.Invoke());
                if (Interlocked.Decrement(ref remaining) == 0)
                    done.SetResult();
            }));
            await done.Task.WaitAsync(Timeout, ct);
            return [.. answers.Select(a => a!)];
        }

        public Task<ILeasePoolReply> AskAsync(ILeasePoolCommand command) => pool.Ask<ILeasePoolReply>(command, Timeout);

        public async Task<LeaseGrant> DoraAsync(LeaseClient client, IPAddress? server = null)
        {
            var offer = Assert.IsType<LeaseOffer>(await AskAsync(new Discover(client)));
            return Assert.IsType<LeaseAck>(await AskAsync(new RequestSelecting(client, server ?? ServerId, offer.Grant.Address))).Grant;
        }

        public async ValueTask DisposeAsync()
        {
            await host.StopAsync(CancellationToken.None);
            host.Dispose();
        }
    }
}
