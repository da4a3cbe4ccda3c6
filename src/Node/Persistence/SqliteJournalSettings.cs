using Akka.Configuration;
using Microsoft.Data.Sqlite;

namespace XenMesh.Node.Persistence;

/// <summary>The plugin's HOCON section, which <see cref="SqliteJournalPlugin"/> writes from the agent's settings.</summary>
internal sealed record SqliteJournalSettings(string ConnectionString, string Synchronous, int BusyTimeoutMs, bool AutoInitialize)
{
    public static SqliteJournalSettings From(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var connectionString = config.GetString("connection-string", null);
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new ConfigurationException("The SQLite journal needs connection-string");
        return new SqliteJournalSettings(
            connectionString,
            config.GetString("synchronous", "FULL"),
            config.GetInt("busy-timeout-ms", 30_000),
            config.GetBoolean("auto-initialize", true));
    }

    /// <summary><c>synchronous</c> and <c>busy_timeout</c> are settings of a connection, not of the file.</summary>
    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(ConnectionString);
        try
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA synchronous={Synchronous}; PRAGMA busy_timeout={BusyTimeoutMs};";
            command.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }
}
