using System.Collections.Immutable;
using Akka.Actor;
using Akka.Configuration;
using Akka.Event;
using Akka.Persistence;
using Akka.Persistence.Journal;
using Microsoft.Data.Sqlite;

namespace XenMesh.Node.Persistence;

/// <summary>
/// The journal on SQLite: one connection, used only by this actor, which does every read and write
/// synchronously on its dispatcher's thread. Each batch the journal receives (all the events a persistent
/// actor queued while its previous write was in flight) is one transaction, so one commit and one fsync per
/// batch. The rows are Akka.Persistence.Sql's (<see cref="SqliteJournalSchema"/>).
/// It speaks the journal protocol itself instead of deriving from <c>AsyncWriteJournal</c>: that base class
/// passes every confirmation through a resequencer actor on the thread pool, because its writes may
/// complete out of order, and these cannot. Here the confirmations of a batch go straight to the persistent
/// actor, in order, once it has committed, so a lease's ACK waits for the commit and one actor hop
/// (docs/benchmarks.md). Left out of the base class, on purpose: the circuit breaker (a local file has no
/// remote end to stop calling) and the replay filter (only one process writes a host's journal).
/// </summary>
public sealed class SqliteJournal : WriteJournalBase, IDisposable
{
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

    protected override bool Receive(object message)
    {
        switch (message)
        {
            case WriteMessages write:
                Write(write);
                return true;
            case ReplayMessages replay:
                Replay(replay);
                return true;
            case DeleteMessagesTo delete:
                Delete(delete);
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// An atomic write whose events do not serialize is rejected alone (its actor gets <c>OnPersistRejected</c>);
    /// a failing database fails the whole batch, and nothing of it is committed (<c>OnPersistFailure</c>).
    /// The confirmations follow the protocol's order: the batch's first, then one per message as they came.
    /// </summary>
    private void Write(WriteMessages message)
    {
        List<(IReadOnlyList<JournalRow>? Rows, Exception? Rejection)> writes;
        try
        {
            writes = [.. PreparePersistentBatch(message.Messages).Select(Serialize)];
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // An event adapter threw: as in Akka's own journals, every write of the batch is rejected.
            writes = [.. message.Messages.OfType<AtomicWrite>().Select(_ => ((IReadOnlyList<JournalRow>?)null, (Exception?)e))];
        }

        try
        {
            Commit(writes);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            message.PersistentActor.Tell(new WriteMessagesFailed(e, writes.Count), Self);
            Confirm(message, _ => e, (p, cause) => new WriteMessageFailure(p, cause!, message.ActorInstanceId));
            return;
        }

        message.PersistentActor.Tell(WriteMessagesSuccessful.Instance, Self);
        Confirm(
            message,
            write => writes[write].Rejection,
            (p, rejection) => rejection is null
                ? new WriteMessageSuccess(p, message.ActorInstanceId)
                : new WriteMessageRejected(p, rejection, message.ActorInstanceId));
    }

    private void Commit(List<(IReadOnlyList<JournalRow>? Rows, Exception? Rejection)> writes)
    {
        if (!writes.Exists(w => w.Rows is not null))
            return;
        var timestamp = DateTime.UtcNow.Ticks;
        using var transaction = Connection.BeginTransaction();
        foreach (var (rows, _) in writes)
        {
            if (rows is null)
                continue;
            foreach (var row in rows)
                Insert(row, transaction, timestamp);
        }

        transaction.Commit();
    }

    /// <summary>
    /// One reply per event of each atomic write (<paramref name="outcome"/> of the write's index gives its
    /// exception, if any), sent as from the event's own sender; a deferred message loops back as it came.
    /// </summary>
    private static void Confirm(WriteMessages message, Func<int, Exception?> outcome, Func<IPersistentRepresentation, Exception?, object> reply)
    {
        var write = 0;
        foreach (var envelope in message.Messages)
        {
            if (envelope is AtomicWrite atomic)
            {
                var exception = outcome(write++);
                foreach (var persistent in (IEnumerable<IPersistentRepresentation>)atomic.Payload)
                    message.PersistentActor.Tell(reply(persistent, exception), persistent.Sender);
            }
            else
            {
                message.PersistentActor.Tell(new LoopMessageSuccess(envelope.Payload, message.ActorInstanceId), envelope.Sender);
            }
        }
    }

    /// <summary>The events from the requested one on, as far as the highest journaled, then the highest sequence number.</summary>
    private void Replay(ReplayMessages message)
    {
        try
        {
            var highest = HighestSequenceNr(message.PersistenceId, Math.Max(0L, message.FromSequenceNr - 1));
            var to = Math.Min(message.ToSequenceNr, highest);
            if (to > 0 && message.FromSequenceNr <= to)
                ReplayRows(message, to);
            message.PersistentActor.Tell(new RecoverySuccess(highest), Self);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            message.PersistentActor.Tell(new ReplayMessagesFailure(e), Self);
        }
    }

    private long HighestSequenceNr(string persistenceId, long fromSequenceNr)
    {
        using var command = Connection.CreateCommand();
        command.CommandText = SqliteJournalSchema.HighestSequenceNr;
        command.Parameters.AddWithValue("$persistence_id", persistenceId);
        command.Parameters.AddWithValue("$from", fromSequenceNr);
        return (long)command.ExecuteScalar()!;
    }

    private void ReplayRows(ReplayMessages message, long toSequenceNr)
    {
        using var command = Connection.CreateCommand();
        command.CommandText = SqliteJournalSchema.Replay;
        command.Parameters.AddWithValue("$persistence_id", message.PersistenceId);
        command.Parameters.AddWithValue("$from", message.FromSequenceNr);
        command.Parameters.AddWithValue("$to", toSequenceNr);
        command.Parameters.AddWithValue("$max", message.Max);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var sequenceNr = reader.GetInt64(0);
            var manifest = reader.IsDBNull(2) ? string.Empty : reader.GetString(2);
            if (reader.IsDBNull(3))
                throw new InvalidOperationException($"Journal row {message.PersistenceId}/{sequenceNr} names no serializer; this journal reads only rows that do");
            var payload = _serialization.Deserialize((byte[])reader.GetValue(1), reader.GetInt32(3), manifest);
            var persistent = new Persistent(
                payload,
                sequenceNr,
                message.PersistenceId,
                manifest,
                isDeleted: false,
                ActorRefs.NoSender,
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.GetInt64(5));
            foreach (var adapted in AdaptFromJournal(persistent))
                message.PersistentActor.Tell(new ReplayedMessage(adapted), ActorRefs.NoSender);
        }
    }

    private void Delete(DeleteMessagesTo message)
    {
        try
        {
            using (var transaction = Connection.BeginTransaction())
            {
                using var command = Connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = SqliteJournalSchema.Delete;
                command.Parameters.AddWithValue("$persistence_id", message.PersistenceId);
                command.Parameters.AddWithValue("$to", message.ToSequenceNr);
                command.ExecuteNonQuery();
                transaction.Commit();
            }

            message.PersistentActor.Tell(new DeleteMessagesSuccess(message.ToSequenceNr), Self);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            message.PersistentActor.Tell(new DeleteMessagesFailure(e, message.ToSequenceNr), Self);
        }
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
