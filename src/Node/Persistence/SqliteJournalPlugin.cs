using System.Text.Json;

namespace XenMesh.Node.Persistence;

/// <summary>The HOCON that makes <see cref="SqliteJournal"/> the default journal.</summary>
internal static class SqliteJournalPlugin
{
    public const string PluginId = "akka.persistence.journal.xenmesh-sqlite";

    /// <summary>
    /// The journal blocks its thread on every commit (an fsync with <c>synchronous=FULL</c>), so it runs on the
    /// <see cref="CommitDispatcher"/>'s thread instead of one of the thread pool's, which the DHCP and DNS
    /// servers need.
    /// HOCON's quoted strings are JSON's, so the connection string goes in JSON-encoded.
    /// </summary>
    public static string Hocon(string connectionString, string synchronous, int busyTimeoutMs, bool autoInitialize) =>
        $$"""
        akka.persistence.journal.plugin = "{{PluginId}}"
        {{PluginId}} {
            class = "{{typeof(SqliteJournal).AssemblyQualifiedName}}"
            plugin-dispatcher = "{{CommitDispatcher.Id}}"
            connection-string = {{JsonSerializer.Serialize(connectionString)}}
            synchronous = {{synchronous.ToUpperInvariant()}}
            busy-timeout-ms = {{busyTimeoutMs}}
            auto-initialize = {{(autoInitialize ? "on" : "off")}}
        }
        """;
}
