using Microsoft.Data.Sqlite;
using Serilog;

namespace XenMesh.Node.Hosting;

/// <summary>
/// Earlier versions kept the snapshot store's table in the journal's SQLite file. Before the ActorSystem starts,
/// the snapshots found there are copied into the snapshot file, with the table's own DDL so the plugin finds the
/// schema it created, and only once that copy is committed are they deleted from the journal's file. Recovery
/// then starts from the same snapshot as before the upgrade. No lease depends on the move alone: no actor
/// deletes journal events, so a lost snapshot only means replaying the journal from its first event.
/// </summary>
internal static class SnapshotStoreMigration
{
    public static async Task MoveSnapshotsAsync(string journalConnectionString, string snapshotConnectionString, CancellationToken ct)
    {
        await using var journal = new SqliteConnection(journalConnectionString);
        await journal.OpenAsync(ct).ConfigureAwait(false);
        var ddl = await SchemaAsync(journal, ct).ConfigureAwait(false);
        if (ddl.Count == 0 || await ScalarAsync(journal, "SELECT COUNT(*) FROM snapshot", ct).ConfigureAwait(false) is not > 0L)
            return;

        await using var snapshots = new SqliteConnection(snapshotConnectionString);
        await snapshots.OpenAsync(ct).ConfigureAwait(false);
        await ExecuteAsync(snapshots, "PRAGMA synchronous=FULL", ct).ConfigureAwait(false);
        await using (var attach = snapshots.CreateCommand())
        {
            attach.CommandText = "ATTACH DATABASE $journal AS journal";
            attach.Parameters.AddWithValue("$journal", journal.DataSource);
            await attach.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }

        long moved;
        await using (var transaction = await snapshots.BeginTransactionAsync(ct).ConfigureAwait(false))
        {
            if (await SchemaAsync(snapshots, ct).ConfigureAwait(false) is { Count: 0 })
            {
                foreach (var statement in ddl)
                    await ExecuteAsync(snapshots, statement, ct).ConfigureAwait(false);
            }

            moved = await ExecuteAsync(snapshots, "INSERT OR IGNORE INTO main.snapshot SELECT * FROM journal.snapshot", ct).ConfigureAwait(false);
            await transaction.CommitAsync(ct).ConfigureAwait(false);
        }

        // A separate transaction: in WAL mode SQLite commits attached files one by one, so the copy must be durable first.
        await ExecuteAsync(snapshots, "DELETE FROM journal.snapshot", ct).ConfigureAwait(false);
        Log.Information("Moved {Snapshots} snapshots from {Journal} to {SnapshotStore}", moved, journal.DataSource, snapshots.DataSource);
    }

    /// <summary>The statements that created the snapshot table and its indexes in the connection's main file, table first.</summary>
    private static async Task<List<string>> SchemaAsync(SqliteConnection connection, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT sql FROM main.sqlite_master WHERE tbl_name = 'snapshot' AND sql IS NOT NULL ORDER BY type = 'table' DESC";
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var statements = new List<string>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
            statements.Add(reader.GetString(0));
        return statements;
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(ct).ConfigureAwait(false);
    }

    private static async Task<int> ExecuteAsync(SqliteConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }
}
