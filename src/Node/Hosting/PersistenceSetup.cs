using System.Data.Common;
using Akka.Hosting;
using Akka.Persistence.Sql.Hosting;
using LinqToDB;
using Microsoft.Data.Sqlite;
using Serilog;
using XenMesh.Node.Configuration;

namespace XenMesh.Node.Hosting;

/// <summary>
/// Host-local state (vif registry, leases) goes to Akka.Persistence.Sql: a SQLite file in the state
/// directory by default, PostgreSQL by connection string.
/// </summary>
internal static class PersistenceSetup
{
    public const string SqliteProvider = "SQLite.MS";
    public const string PostgreSqlProvider = "PostgreSQL.15";

    /// <summary>
    /// The journal and the snapshot store write through separate connections, and SQLite lets one write at a
    /// time. Without a busy timeout in SQLite itself, Microsoft.Data.Sqlite retries a busy statement after
    /// sleeping 150 ms, so a lease commit that met a snapshot being written held its ACKs back by
    /// 150 ms (the likely cause of the REQUEST→ACK p99 in docs/benchmarks.md). SQLite's own busy handler waits in steps from 1 ms,
    /// so the commit goes as soon as the other write ends. Its budget is the connection's Default Timeout.
    /// </summary>
    private const int SqliteBusyTimeoutMs = 30_000;

    public static string ConnectionString(XenMeshSettings settings) =>
        settings.Persistence.ConnectionString
        ?? $"Data Source={Path.Combine(settings.Host.StateDirectory, "xenmesh.db")};Default Timeout=30";

    /// <summary>
    /// WAL is a property of the database file, not a connection-string keyword: set it once before
    /// the ActorSystem opens the journal so readers never block the single writer.
    /// </summary>
    public static async Task PrepareAsync(XenMeshSettings settings, CancellationToken ct = default)
    {
        if (settings.Persistence.Provider != "sqlite")
            return;
        Directory.CreateDirectory(settings.Host.StateDirectory);
        await using var connection = new SqliteConnection(ConnectionString(settings));
        await connection.OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        var mode = await command.ExecuteScalarAsync(ct).ConfigureAwait(false);
        Log.Information("SQLite journal {Database} in {JournalMode} mode", connection.DataSource, mode);
    }

    public static AkkaConfigurationBuilder WithXenMeshPersistence(this AkkaConfigurationBuilder builder, XenMeshSettings settings)
    {
        var sqlite = settings.Persistence.Provider == "sqlite";
        if (sqlite)
        {
            // SQLite allows one writer at a time even in WAL mode; more journal connections only queue. With one
            // writer, the rows that queue during a commit go in the next transaction, up to batch-size rows; the
            // plugin's 100 split a burst of DHCP commits (up to DhcpServer.MaxBatch requests) into several
            // transactions, one fsync each, and the burst's ACKs waited for the last of them.
            builder.AddHocon(
                """
                akka.persistence.journal.sql.parallelism = 1
                akka.persistence.journal.sql.batch-size = 1000
                """,
                HoconAddMode.Prepend);
        }

        return builder.WithSqlPersistence(
            DataOptionsFor(settings),
            autoInitialize: settings.Persistence.AutoInitialize,
            tagStorageMode: Akka.Persistence.Sql.Config.TagMode.TagTable);
    }

    /// <summary>The connection settings of the journal and the snapshot store: for SQLite, every connection they open runs the pragmas.</summary>
    internal static DataOptions DataOptionsFor(XenMeshSettings settings)
    {
        var sqlite = settings.Persistence.Provider == "sqlite";
        var options = new DataOptions().UseConnectionString(sqlite ? SqliteProvider : PostgreSqlProvider, ConnectionString(settings));
        if (sqlite)
        {
            var pragma = $"PRAGMA synchronous={settings.Persistence.SqliteSynchronous.ToUpperInvariant()}; PRAGMA busy_timeout={SqliteBusyTimeoutMs};";
            options = options.UseAfterConnectionOpened(
                connection => SetPragma(connection, pragma),
                (connection, ct) => SetPragmaAsync(connection, pragma, ct));
        }

        return options;
    }

    /// <summary><c>synchronous</c> and <c>busy_timeout</c> are settings of each connection, not of the file, so every connection the journal opens sets them.</summary>
    private static void SetPragma(DbConnection connection, string pragma)
    {
        using var command = connection.CreateCommand();
        command.CommandText = pragma;
        command.ExecuteNonQuery();
    }

    private static async Task SetPragmaAsync(DbConnection connection, string pragma, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = pragma;
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }
}
