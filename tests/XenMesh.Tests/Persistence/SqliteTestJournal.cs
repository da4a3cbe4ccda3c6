using System.Globalization;
using Microsoft.Data.Sqlite;
using XenMesh.Node.Configuration;
using XenMesh.Node.Hosting;

namespace XenMesh.Tests.Persistence;

/// <summary>
/// A real Akka.Persistence.Sql journal on a SQLite file in a temp state directory, configured as the
/// agent configures it, that the actor tests restart systems on and read back with SQL.
/// </summary>
internal sealed class SqliteTestJournal : IDisposable
{
    public SqliteTestJournal(string name) =>
        StateDirectory = Directory.CreateTempSubdirectory($"xenmesh-{name}-").FullName;

    /// <summary>host.stateDirectory for the systems under test; the journal and snapshot files live here.</summary>
    public string StateDirectory { get; }

    /// <summary>Runs one query on the journal's file; every row's first column as invariant text.</summary>
    public Task<IReadOnlyList<string>> QueryAsync(string sql, CancellationToken ct) =>
        QueryAsync(PersistenceSetup.ConnectionString(Settings), sql, ct);

    /// <summary>SQLite's plan for one query on the journal's file: each step's description.</summary>
    public Task<IReadOnlyList<string>> QueryPlanAsync(string sql, CancellationToken ct) =>
        QueryAsync(PersistenceSetup.ConnectionString(Settings), $"EXPLAIN QUERY PLAN {sql}", ct, column: 3);

    /// <summary>Runs one query on the snapshot store's file; every row's first column as invariant text.</summary>
    public Task<IReadOnlyList<string>> QuerySnapshotsAsync(string sql, CancellationToken ct) =>
        QueryAsync(PersistenceSetup.SnapshotConnectionString(Settings), sql, ct);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(StateDirectory, recursive: true);
    }

    private XenMeshSettings Settings => new() { Host = { StateDirectory = StateDirectory } };

    private static async Task<IReadOnlyList<string>> QueryAsync(string connectionString, string sql, CancellationToken ct, int column = 0)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<string>();
        while (await reader.ReadAsync(ct))
            rows.Add(Convert.ToString(reader.GetValue(column), CultureInfo.InvariantCulture)!);
        return rows;
    }
}
