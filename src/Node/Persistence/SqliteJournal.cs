using System.Collections.Immutable;
using Akka.Actor;
using Akka.Configuration;
using Akka.Event;
using Akka.Persistence;
using Akka.Persistence.Journal;
using Microsoft.Data.Sqlite;

namespace XenMesh.Node.Persistence;

/// <summary>
/// The journal on SQLite: one connection, used only by this actor, which runs on a thread of its own (the
/// plugin's pinned dispatcher) and does every read and write synchronously there. Each batch the journal
/// receives (all the events a persistent actor queued while its previous write was in flight) is one
/// transaction, so one commit and one fsync per batch. A lease's ACK therefore waits for the commit and two
/// actor hops (the journal's resequencer, then the pool), where Akka.Persistence.Sql also passed every batch
/// through a stream queue, linq2db and several task continuations on the thread pool (docs/benchmarks.md).
/// The rows are Akka.Persistence.Sql's (<see cref="SqliteJournalSchema"/>).
/// </summary>
public sealed class SqliteJournal : AsyncWriteJournal, IDisposable
{
    private static readonly Task<IImmutableList<Exception?>> NoWrites = Task.FromResult<IImmutableList<Exception?>>([]);

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly SqliteJournalSettings _settings;
    private readonly Akka.Serialization.Serialization _serialization = Context.System.Serialization;
    private SqliteConnection? _connection;
    private SqliteCommand? _insertEvent;
    private SqliteCommand? _lastOrdering;
    private SqliteCommand? _insertTag;

    public SqliteJournal(Config config) => _settings = SqliteJournalSettings.From(config);

    private SqliteConnection Connection => _connection ?? throw new InvalidOperationException("The SQLite journal is not open");

    protected override void PreStart()
    {
        base.PreStart();
        _connection = _settings.Open();
        if (_settings.AutoInitialize)
            Execute(SqliteJournalSchema.Create);
        _insertEvent = Prepare(SqliteJournalSchema.InsertEvent, "$created", "$persistence_id", "$sequence_number", "$message", "$manifest", "$identifier", "$writer_uuid");
        _lastOrdering = Prepare(SqliteJournalSchema.LastOrdering);
        _insertTag = Prepare(SqliteJournalSchema.InsertTag, "$ordering", "$tag", "$sequence_number", "$persistence_id");
        _log.Info("SQLite journal open on {Database} with synchronous={Synchronous}", _connection.DataSource, _settings.Synchronous);
    }

    /// <summary>Akka disposes an actor that is disposable when it stops or restarts.</summary>
    public void Dispose()
    {
        _insertEvent?.Dispose();
        _lastOrdering?.Dispose();
        _insertTag?.Dispose();
        _connection?.Dispose();
    }

    /// <summary>
    /// An atomic write whose events do not serialize is rejected alone (its actor gets <c>OnPersistRejected</c>);
    /// a failing database fails the whole batch, and nothing of it is committed.
    /// </summary>
    protected override Task<IImmutableList<Exception?>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages, CancellationToken cancellationToken)
    {
        var writes = new List<(IReadOnlyList<JournalRow>? Rows, Exception? Rejection)>();
        foreach (var write in messages)
            writes.Add(Serialize(write));
        if (writes.Count == 0)
            return NoWrites;

        var timestamp = DateTime.UtcNow.Ticks;
        using (var transaction = Connection.BeginTransaction())
        {
            foreach (var (rows, _) in writes)
            {
                if (rows is null)
                    continue;
                foreach (var row in rows)
                    Insert(row, transaction, timestamp);
            }

            transaction.Commit();
        }

        var results = ImmutableList.CreateBuilder<Exception?>();
        foreach (var (_, rejection) in writes)
            results.Add(rejection);
        return Task.FromResult<IImmutableList<Exception?>>(results.ToImmutable());
    }

    public override Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr, CancellationToken cancellationToken)
    {
        using var command = Connection.CreateCommand();
        command.CommandText = SqliteJournalSchema.HighestSequenceNr;
        command.Parameters.AddWithValue("$persistence_id", persistenceId);
        command.Parameters.AddWithValue("$from", fromSequenceNr);
        return Task.FromResult((long)command.ExecuteScalar()!);
    }

    public override Task ReplayMessagesAsync(IActorContext context, string persistenceId, long fromSequenceNr, long toSequenceNr, long max, Action<IPersistentRepresentation> recoveryCallback)
    {
        using var command = Connection.CreateCommand();
        command.CommandText = SqliteJournalSchema.Replay;
        command.Parameters.AddWithValue("$persistence_id", persistenceId);
        command.Parameters.AddWithValue("$from", fromSequenceNr);
        command.Parameters.AddWithValue("$to", toSequenceNr);
        command.Parameters.AddWithValue("$max", max);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var sequenceNr = reader.GetInt64(0);
            var manifest = reader.IsDBNull(2) ? string.Empty : reader.GetString(2);
            if (reader.IsDBNull(3))
                throw new InvalidOperationException($"Journal row {persistenceId}/{sequenceNr} names no serializer; this journal reads only rows that do");
            var payload = _serialization.Deserialize((byte[])reader.GetValue(1), reader.GetInt32(3), manifest);
            recoveryCallback(new Persistent(
                payload,
                sequenceNr,
                persistenceId,
                manifest,
                isDeleted: false,
                ActorRefs.NoSender,
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.GetInt64(5)));
        }

        return Task.CompletedTask;
    }

    protected override Task DeleteMessagesToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken)
    {
        using var transaction = Connection.BeginTransaction();
        using var command = Connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = SqliteJournalSchema.Delete;
        command.Parameters.AddWithValue("$persistence_id", persistenceId);
        command.Parameters.AddWithValue("$to", toSequenceNr);
        command.ExecuteNonQuery();
        transaction.Commit();
        return Task.CompletedTask;
    }

    private (IReadOnlyList<JournalRow>? Rows, Exception? Rejection) Serialize(AtomicWrite write)
    {
        try
        {
            var events = (IImmutableList<IPersistentRepresentation>)write.Payload;
            var rows = new JournalRow[events.Count];
            for (var i = 0; i < rows.Length; i++)
                rows[i] = JournalRow.From(events[i], _serialization);
            return (rows, null);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _log.Error(e, "Journal write of {PersistenceId} up to {SequenceNr} rejected: its events do not serialize", write.PersistenceId, write.HighestSequenceNr);
            return (null, e);
        }
    }

    private void Insert(JournalRow row, SqliteTransaction transaction, long timestamp)
    {
        var insert = _insertEvent!;
        insert.Transaction = transaction;
        insert.Parameters[0].Value = row.Timestamp == 0 ? timestamp : row.Timestamp;
        insert.Parameters[1].Value = row.PersistenceId;
        insert.Parameters[2].Value = row.SequenceNr;
        insert.Parameters[3].Value = row.Message;
        insert.Parameters[4].Value = row.Manifest;
        insert.Parameters[5].Value = row.SerializerId;
        insert.Parameters[6].Value = (object?)row.WriterGuid ?? DBNull.Value;
        insert.ExecuteNonQuery();

        if (row.Tags.Count == 0)
            return;
        _lastOrdering!.Transaction = transaction;
        var ordering = (long)_lastOrdering.ExecuteScalar()!;
        var insertTag = _insertTag!;
        insertTag.Transaction = transaction;
        foreach (var tag in row.Tags)
        {
            insertTag.Parameters[0].Value = ordering;
            insertTag.Parameters[1].Value = tag;
            insertTag.Parameters[2].Value = row.SequenceNr;
            insertTag.Parameters[3].Value = row.PersistenceId;
            insertTag.ExecuteNonQuery();
        }
    }

    private void Execute(string sql)
    {
        using var command = Connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private SqliteCommand Prepare(string sql, params string[] parameters)
    {
        var command = Connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        command.Prepare();
        return command;
    }
}
