using System.Globalization;
using System.Net;
using Akka.Actor;
using Akka.Configuration;
using Akka.Hosting;
using Akka.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using XenMesh.Messages.Values;
using XenMesh.Messages.Serialization;
using XenMesh.Node.Configuration;
using XenMesh.Node.Dhcp.Leases;
using XenMesh.Node.Filter;
using XenMesh.Node.Hosting;
using XenMesh.Node.Persistence;
using static XenMesh.Messages.Leases.LeaseEvents;

namespace XenMesh.Tests.Persistence;

/// <summary>
/// <see cref="SqliteJournal"/> as the agent configures it, on a SQLite file, driven by a persistent actor and
/// read back with SQL: the journal contract (order, atomic writes, rejection, deletion, tags) and the row
/// format it shares with Akka.Persistence.Sql, in both directions.
/// </summary>
public sealed class SqliteJournalTests : IDisposable
{
    private const string Id = "log-1";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly SqliteTestJournal _journal = new("sqlite-journal");

    public void Dispose() => _journal.Dispose();

    [Fact]
    public async Task Events_are_journaled_as_akka_persistence_sql_rows_and_replay_in_order_after_a_restart()
    {
        var ct = TestContext.Current.CancellationToken;
        await using (var first = await StartAsync(PersistenceLayout.Current, ct))
        {
            Assert.Equal(3, (await first.AppendAsync([Released(1), Released(2), Released(3)])).LastSequenceNr);
            Assert.Equal(5, (await first.AppendAsync([Released(4), Released(5)])).LastSequenceNr);
        }

        Assert.Equal(
            Enumerable.Range(1, 5).Select(n => $"{Id} {n} lr1 {XenMeshSerializer.SerializerId} 0 1").ToList(),
            await _journal.QueryAsync("SELECT persistence_id || ' ' || sequence_number || ' ' || manifest || ' ' || identifier || ' ' || deleted || ' ' || (writer_uuid IS NOT NULL AND created > 0) FROM journal ORDER BY ordering", ct));

        await using var second = await StartAsync(PersistenceLayout.Current, ct);
        var recovered = await second.RecoveredAsync();
        Assert.Equal(Enumerable.Range(1, 5).Select(Released).ToList<object>(), recovered.Events);
        Assert.Equal(6, (await second.AppendAsync([Released(6)])).LastSequenceNr);
    }

    /// <summary>
    /// Appends told one after another, without waiting, reach the journal as one batch of several atomic
    /// writes with the deferred replies between them; each confirmation and each deferred reply comes back
    /// in the order the actor issued them.
    /// </summary>
    [Fact]
    public async Task Appends_sent_together_are_confirmed_in_order_and_each_deferred_reply_follows_its_own_events()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await StartAsync(PersistenceLayout.Current, ct);

        var appends = Enumerable.Range(0, 20).Select(i => host.AppendAsync([Released((2 * i) + 1), Released((2 * i) + 2)])).ToList();
        var appended = await Task.WhenAll(appends);

        Assert.Equal(Enumerable.Range(1, 20).Select(i => 2L * i), appended.Select(a => a.LastSequenceNr));
        Assert.Equal(
            Enumerable.Range(1, 40).Select(n => n.ToString(CultureInfo.InvariantCulture)).ToList(),
            await _journal.QueryAsync("SELECT sequence_number FROM journal ORDER BY ordering", ct));
    }

    /// <summary>The lease commit's actors and the journal share one thread (<see cref="CommitDispatcher"/>).</summary>
    [Fact]
    public async Task The_lease_pool_its_supervisor_the_bridge_filter_and_the_journal_run_on_the_commit_dispatcher()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await StartAsync(PersistenceLayout.Current, ct);
        var system = (ExtendedActorSystem)host.System;

        var journal = Akka.Persistence.Persistence.Instance.Apply(system).JournalFor(null);

        Assert.Equal(CommitDispatcher.Id, ((ActorRefWithCell)journal).Underlying.Props.Dispatcher);
        Assert.All(
            [LeasePoolHosting.ActorName, $"{LeasePoolHosting.ActorName}/{LeasePoolActor.ChildName}", BridgeFilterHosting.ActorName],
            path => Assert.Equal(CommitDispatcher.Id, system.Provider.Deployer.Lookup(ActorPath.Parse($"akka://{system.Name}/user/{path}"))?.Dispatcher));
    }

    [Fact]
    public async Task A_write_whose_events_do_not_serialize_is_rejected_alone_and_none_of_its_events_is_journaled()
    {
        var ct = TestContext.Current.CancellationToken;
        await using (var first = await StartAsync(PersistenceLayout.Current, ct))
        {
            var rejections = Inbox.Create(first.System);
            first.System.EventStream.Subscribe(rejections.Receiver, typeof(EventLogActor.Rejected));
            await first.AppendAsync([Released(1), new NoSerializer()]);
            var rejected = Assert.IsType<EventLogActor.Rejected>(await rejections.ReceiveAsync(Timeout));
            Assert.Equal(Released(1), rejected.Event);
            Assert.Equal(3, (await first.AppendAsync([Released(3)])).LastSequenceNr);
        }

        Assert.Equal(["3"], await _journal.QueryAsync("SELECT sequence_number FROM journal", ct));
        await using var second = await StartAsync(PersistenceLayout.Current, ct);
        var recovered = await second.RecoveredAsync();
        Assert.Equal([Released(3)], recovered.Events.ToList());
        Assert.Equal(3, recovered.LastSequenceNr);
    }

    /// <summary>A failed commit fails its whole batch: the actor stops (Akka's rule for a write it cannot trust) and nothing of it is in the journal.</summary>
    [Fact]
    public async Task A_commit_that_fails_stops_the_writer_and_journals_nothing_of_its_batch()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await StartAsync(PersistenceLayout.Current, ct);
        await host.AppendAsync([Released(1)]);
        await _journal.QueryAsync("ALTER TABLE journal RENAME TO journal_elsewhere", ct);

        var watcher = Inbox.Create(host.System);
        watcher.Watch(host.Log);
        host.Log.Tell(new EventLogActor.Append([Released(2), Released(3)]));

        Assert.IsType<Terminated>(await watcher.ReceiveAsync(Timeout));
        Assert.Equal(["1"], await _journal.QueryAsync("SELECT sequence_number FROM journal_elsewhere", ct));
    }

    /// <summary>A state directory written by the previous versions' journal recovers here, and one written here recovers there.</summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Events_journaled_by_one_journal_recover_with_the_other(bool writtenByAkkaPersistenceSql)
    {
        var ct = TestContext.Current.CancellationToken;
        var (writer, reader) = writtenByAkkaPersistenceSql
            ? (PersistenceLayout.OneFile, PersistenceLayout.Current)
            : (PersistenceLayout.Current, PersistenceLayout.OneFile);
        await using (var first = await StartAsync(writer, ct))
            await first.AppendAsync([Released(1), Released(2)]);

        await using var second = await StartAsync(reader, ct);
        var recovered = await second.RecoveredAsync();
        Assert.Equal([Released(1), Released(2)], recovered.Events.ToList());
        Assert.Equal(2, recovered.LastSequenceNr);
        Assert.Equal(3, (await second.AppendAsync([Released(3)])).LastSequenceNr);
    }

    [Fact]
    public async Task Deleted_events_are_not_replayed_and_the_sequence_goes_on_after_the_highest_of_them()
    {
        var ct = TestContext.Current.CancellationToken;
        await using (var first = await StartAsync(PersistenceLayout.Current, ct))
        {
            await first.AppendAsync([Released(1), Released(2), Released(3)]);
            Assert.IsType<DeleteMessagesSuccess>(await first.Log.Ask<object>(new EventLogActor.Delete(3), Timeout, ct));
        }

        Assert.Equal(["3 1"], await _journal.QueryAsync("SELECT sequence_number || ' ' || deleted FROM journal", ct));
        await using var second = await StartAsync(PersistenceLayout.Current, ct);
        var recovered = await second.RecoveredAsync();
        Assert.Equal((0, 3L), (recovered.Events.Count, recovered.LastSequenceNr));
        Assert.Equal(4, (await second.AppendAsync([Released(4)])).LastSequenceNr);
    }

    [Fact]
    public async Task Tags_an_event_adapter_adds_go_to_the_tag_table_and_replay_gives_the_event_without_them()
    {
        var ct = TestContext.Current.CancellationToken;
        await using (var first = await StartAsync(PersistenceLayout.Current, ct, tagged: true))
            await first.AppendAsync([Released(1), Released(2)]);

        Assert.Equal(
            [$"1 lease {Id}", $"1 released {Id}", $"2 lease {Id}", $"2 released {Id}"],
            await _journal.QueryAsync("SELECT t.sequence_nr || ' ' || t.tag || ' ' || t.persistence_id FROM tags t JOIN journal j ON j.ordering = t.ordering_id ORDER BY t.sequence_nr, t.tag", ct));
        await using var second = await StartAsync(PersistenceLayout.Current, ct, tagged: true);
        Assert.Equal([Released(1), Released(2)], (await second.RecoveredAsync()).Events.ToList());
    }

    /// <summary>The journal is never trimmed: without the index, recovery read all of it whatever the snapshot.</summary>
    [Fact]
    public async Task Recovery_reads_one_persistence_id_from_its_snapshot_on_through_the_index()
    {
        var ct = TestContext.Current.CancellationToken;
        await using (var first = await StartAsync(PersistenceLayout.Current, ct))
            await first.AppendAsync([Released(1)]);

        var plan = await _journal.QueryPlanAsync(SqliteJournalSchema.Replay, ct);
        Assert.Contains(plan, step => step.Contains("USING INDEX journal_persistence_id_sequence_number", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("full", 2)]
    [InlineData("normal", 1)]
    public void The_journal_connection_has_the_configured_synchronous_and_a_busy_timeout(string synchronous, long expected)
    {
        var hocon = SqliteJournalPlugin.Hocon($"Data Source={Path.Combine(_journal.StateDirectory, "a \"quoted\" name.db")}", synchronous, 30_000, autoInitialize: true);
        var settings = SqliteJournalSettings.From(ConfigurationFactory.ParseString(hocon).GetConfig(SqliteJournalPlugin.PluginId));

        using var connection = settings.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA synchronous";
        var synchronousNow = (long)command.ExecuteScalar()!;
        command.CommandText = "PRAGMA busy_timeout";
        var busyTimeout = (long)command.ExecuteScalar()!;

        Assert.Equal((expected, 30_000L), (synchronousNow, busyTimeout));
        Assert.Equal(Path.Combine(_journal.StateDirectory, "a \"quoted\" name.db"), connection.DataSource);
    }

    private static LeaseReleased Released(int n) => new(IPAddress.Parse($"10.0.0.{n}"), MacAddress.Parse($"02:00:00:00:00:{n:x2}"));

    private async Task<LogHost> StartAsync(PersistenceLayout layout, CancellationToken ct, bool tagged = false)
    {
        var settings = new XenMeshSettings { Host = { Id = "testhost", StateDirectory = _journal.StateDirectory } };
        if (layout == PersistenceLayout.Current)
            await PersistenceSetup.PrepareAsync(settings, ct);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddAkka("journal-test", akka =>
        {
            akka.WithPersistence(settings, layout).WithXenMeshSerialization();
            if (tagged)
            {
                akka.AddHocon(
                    $$"""
                    {{SqliteJournalPlugin.PluginId}} {
                        event-adapters.tagging = "{{typeof(TagReleases).AssemblyQualifiedName}}"
                        event-adapter-bindings { "{{typeof(LeaseReleased).AssemblyQualifiedName}}" = tagging }
                    }
                    """,
                    HoconAddMode.Prepend);
            }
        });
        var host = builder.Build();
        await host.StartAsync(ct);
        var system = host.Services.GetRequiredService<ActorSystem>();
        return new LogHost(host, system, system.ActorOf(EventLogActor.Props(Id)), ct);
    }

    /// <summary>A type the closed serialization has no binding for.</summary>
    private sealed record NoSerializer;

    private sealed class LogHost(IHost host, ActorSystem system, IActorRef log, CancellationToken ct) : IAsyncDisposable
    {
        public ActorSystem System { get; } = system;

        public IActorRef Log { get; } = log;

        public Task<EventLogActor.Appended> AppendAsync(IReadOnlyList<object> events) =>
            Log.Ask<EventLogActor.Appended>(new EventLogActor.Append(events), Timeout, ct);

        public Task<EventLogActor.RecoveredEvents> RecoveredAsync() =>
            Log.Ask<EventLogActor.RecoveredEvents>(EventLogActor.Recovered.Instance, Timeout, ct);

        public async ValueTask DisposeAsync()
        {
            await host.StopAsync(CancellationToken.None);
            host.Dispose();
        }
    }
}
