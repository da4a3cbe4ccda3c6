using LinqToDB.Data;
using Microsoft.Data.Sqlite;
using XenMesh.Node.Configuration;
using XenMesh.Node.Hosting;
using XenMesh.Tests.Persistence;

namespace XenMesh.Tests.Hosting;

public sealed class PersistenceSetupTests : IDisposable
{
    private readonly SqliteTestJournal _journal = new("pragmas");

    /// <summary>
    /// Without SQLite's own busy timeout, Microsoft.Data.Sqlite sleeps 150 ms before it retries a write that met
    /// another writer. The journal's connection: <see cref="SqliteJournalTests"/>.
    /// </summary>
    [Theory]
    [InlineData("full", 2)]
    [InlineData("normal", 1)]
    public async Task Every_sqlite_snapshot_connection_has_wal_the_configured_synchronous_and_a_busy_timeout(string synchronous, long expected)
    {
        var settings = new XenMeshSettings { Host = { StateDirectory = _journal.StateDirectory }, Persistence = { SqliteSynchronous = synchronous } };
        await PersistenceSetup.PrepareAsync(settings, TestContext.Current.CancellationToken);

        await using var connection = new DataConnection(PersistenceSetup.SnapshotDataOptionsFor(settings));
        var synchronousNow = await connection.ExecuteAsync<long>("PRAGMA synchronous", TestContext.Current.CancellationToken);
        var busyTimeout = await connection.ExecuteAsync<long>("PRAGMA busy_timeout", TestContext.Current.CancellationToken);
        var journalMode = await connection.ExecuteAsync<string>("PRAGMA journal_mode", TestContext.Current.CancellationToken);

        Assert.Equal((expected, 30_000L, "wal"), (synchronousNow, busyTimeout, journalMode));
    }

    /// <summary>One SQLite writer at a time per file: a snapshot being written must not hold the journal's commits.</summary>
    [Fact]
    public void The_sqlite_snapshot_store_has_a_file_of_its_own_next_to_the_journal()
    {
        var settings = new XenMeshSettings { Host = { StateDirectory = _journal.StateDirectory } };

        var journal = new SqliteConnectionStringBuilder(PersistenceSetup.ConnectionString(settings));
        var snapshots = new SqliteConnectionStringBuilder(PersistenceSetup.SnapshotConnectionString(settings));

        Assert.Equal(Path.Combine(_journal.StateDirectory, "xenmesh.db"), journal.DataSource);
        Assert.Equal(Path.Combine(_journal.StateDirectory, "xenmesh-snapshots.db"), snapshots.DataSource);
        Assert.Equal(journal.DefaultTimeout, snapshots.DefaultTimeout);
    }

    public void Dispose() => _journal.Dispose();
}
