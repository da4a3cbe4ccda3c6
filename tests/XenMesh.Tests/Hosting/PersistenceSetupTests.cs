using LinqToDB.Data;
using XenMesh.Node.Configuration;
using XenMesh.Node.Hosting;
using XenMesh.Tests.Persistence;

namespace XenMesh.Tests.Hosting;

public sealed class PersistenceSetupTests : IDisposable
{
    private readonly SqliteTestJournal _journal = new("pragmas");

    /// <summary>
    /// Without SQLite's own busy timeout, Microsoft.Data.Sqlite sleeps 150 ms before it retries a write that met
    /// another writer (the snapshot store), and the lease commit's ACKs wait that long.
    /// </summary>
    [Theory]
    [InlineData("full", 2)]
    [InlineData("normal", 1)]
    public async Task Every_sqlite_journal_connection_has_the_configured_synchronous_and_a_busy_timeout(string synchronous, long expected)
    {
        var settings = new XenMeshSettings { Host = { StateDirectory = _journal.StateDirectory }, Persistence = { SqliteSynchronous = synchronous } };
        await PersistenceSetup.PrepareAsync(settings, TestContext.Current.CancellationToken);

        await using var connection = new DataConnection(PersistenceSetup.DataOptionsFor(settings));
        var synchronousNow = await connection.ExecuteAsync<long>("PRAGMA synchronous", TestContext.Current.CancellationToken);
        var busyTimeout = await connection.ExecuteAsync<long>("PRAGMA busy_timeout", TestContext.Current.CancellationToken);

        Assert.Equal((expected, 30_000L), (synchronousNow, busyTimeout));
    }

    public void Dispose() => _journal.Dispose();
}
