using System.Data.Common;
using Akka.Hosting;
using Akka.Persistence.Sql.Config;
using Akka.Persistence.Sql.Hosting;
using LinqToDB;
using Microsoft.Data.Sqlite;
using Serilog;
using XenMesh.Node.Configuration;
using XenMesh.Node.Persistence;

namespace XenMesh.Node.Hosting;

/// <summary>
/// Host-local state (vif registry, leases): SQLite files in the state directory by default, PostgreSQL by connection
/// string. On SQLite the journal is XenMesh's own <see cref="SqliteJournal"/> (Akka.Persistence.Sql's rows, without
/// its per-batch overhead on the lease commit's path) and the snapshot store Akka.Persistence.Sql's; on PostgreSQL
/// both are Akka.Persistence.Sql's. With SQLite the snapshot store has a database file of its own,
/// <c>xenmesh-snapshots.db</c> next to the journal's <c>xenmesh.db</c>: SQLite lets one connection write a file
/// at a time, and in one shared file every lease commit that met a snapshot being written waited for it.
/// </summary>
internal static class PersistenceSetup
{
    public const string SqliteProvider = "SQLite.MS";
    public const string PostgreSqlProvider = "PostgreSQL.15";

    /// <summary>
    /// The journal and the snapshot store write through separate connections. Without a busy timeout in SQLite
    /// itself, Microsoft.Data.Sqlite retries a busy statement after sleeping 150 ms (docs/benchmarks.md);
    /// SQLite's own busy handler waits in steps from 1 ms, so a write goes as soon as the other one ends. Its
    /// budget is the connection's Default Timeout.
    /// </summary>
    private const int SqliteBusyTimeoutMs = 30_000;

    /// <summary>The journal's connection string: <c>persistence.connectionString</c>, or <c>xenmesh.db</c> in the state directory.</summary>
    public static string ConnectionString(XenMeshSettings settings) =>
        settings.Persistence.ConnectionString
        ?? $"Data Source={Path.Combine(settings.Host.StateDirectory, "xenmesh.db")};Default Timeout=30";

    /// <summary>
    /// The snapshot store's connection string. SQLite: the journal's, with <c>-snapshots</c> added to the file's
    /// name (<c>xenmesh.db</c> → <c>xenmesh-snapshots.db</c>). PostgreSQL: the journal's; its writers do not
    /// wait for each other's transactions.
    /// </summary>
    public static string SnapshotConnectionString(XenMeshSettings settings)
    {
        if (settings.Persistence.Provider != "sqlite")
            return ConnectionString(settings);
        var builder = new SqliteConnectionStringBuilder(ConnectionString(settings));
        var journal = builder.DataSource;
        builder.DataSource = Path.Combine(
            Path.GetDirectoryName(journal) ?? "",
            $"{Path.GetFileNameWithoutExtension(journal)}-snapshots{Path.GetExtension(journal)}");
        return builder.ToString();
    }

    /// <summary>
    /// Runs before the ActorSystem opens the journal. WAL is a property of a database file, not a connection-string
    /// keyword: it is set once on each file so readers never block the single writer. Snapshots that an earlier
    /// version saved in the journal's file move to the snapshot file (<see cref="SnapshotStoreMigration"/>).
    /// </summary>
    public static async Task PrepareAsync(XenMeshSettings settings, CancellationToken ct = default)
    {
        if (settings.Persistence.Provider != "sqlite")
            return;
        Directory.CreateDirectory(settings.Host.StateDirectory);
        await UseWalAsync(ConnectionString(settings), ct).ConfigureAwait(false);
        await UseWalAsync(SnapshotConnectionString(settings), ct).ConfigureAwait(false);
        await SnapshotStoreMigration.MoveSnapshotsAsync(ConnectionString(settings), SnapshotConnectionString(settings), ct).ConfigureAwait(false);
    }

    /// <summary>The journal and snapshot plugins, and the <see cref="CommitDispatcher"/> that the journal shares with the lease pool and the bridge filter.</summary>
    public static AkkaConfigurationBuilder WithXenMeshPersistence(this AkkaConfigurationBuilder builder, XenMeshSettings settings)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(settings);
        var sqlite = settings.Persistence.Provider == "sqlite";
        var provider = sqlite ? SqliteProvider : PostgreSqlProvider;
        var snapshots = new SqlSnapshotOptions(isDefaultPlugin: true)
        {
            ConnectionString = SnapshotConnectionString(settings),
            ProviderName = provider,
            DataOptions = SnapshotDataOptionsFor(settings),
            AutoInitialize = settings.Persistence.AutoInitialize,
        };
        builder.AddHocon(CommitDispatcher.Hocon, HoconAddMode.Prepend);
        if (sqlite)
        {
            builder.AddHocon(
                SqliteJournalPlugin.Hocon(ConnectionString(settings), settings.Persistence.SqliteSynchronous, SqliteBusyTimeoutMs, settings.Persistence.AutoInitialize),
                HoconAddMode.Prepend);
            return builder.WithSqlPersistence(journalOptions: null, snapshots);
        }

        var journal = new SqlJournalOptions(isDefaultPlugin: true)
        {
            ConnectionString = ConnectionString(settings),
            ProviderName = provider,
            DataOptions = DataOptionsFor(settings),
            AutoInitialize = settings.Persistence.AutoInitialize,
            TagStorageMode = TagMode.TagTable,
        };
        return builder.WithSqlPersistence(journal, snapshots);
    }

    /// <summary>The journal's connection settings: for SQLite, every connection it opens runs the pragmas.</summary>
    internal static DataOptions DataOptionsFor(XenMeshSettings settings) => OptionsFor(settings, ConnectionString(settings));

    /// <summary>The snapshot store's connection settings, with the journal's pragmas.</summary>
    internal static DataOptions SnapshotDataOptionsFor(XenMeshSettings settings) => OptionsFor(settings, SnapshotConnectionString(settings));

    private static DataOptions OptionsFor(XenMeshSettings settings, string connectionString)
    {
        var sqlite = settings.Persistence.Provider == "sqlite";
        var options = new DataOptions().UseConnectionString(sqlite ? SqliteProvider : PostgreSqlProvider, connectionString);
        if (sqlite)
        {
            var pragma = $"PRAGMA synchronous={settings.Persistence.SqliteSynchronous.ToUpperInvariant()}; PRAGMA busy_timeout={SqliteBusyTimeoutMs};";
            options = options.UseAfterConnectionOpened(
                connection => SetPragma(connection, pragma),
                (connection, ct) => SetPragmaAsync(connection, pragma, ct));
        }

        return options;
    }

    private static async Task UseWalAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        var mode = await command.ExecuteScalarAsync(ct).ConfigureAwait(false);
        Log.Information("SQLite database {Database} in {JournalMode} mode", connection.DataSource, mode);
    }

    /// <summary><c>synchronous</c> and <c>busy_timeout</c> are settings of each connection, not of the file, so every connection the plugins open sets them.</summary>
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
