namespace XenMesh.Node.Persistence;

/// <summary>
/// The journal's tables, row for row those of Akka.Persistence.Sql on SQLite (tag table mode), so a state
/// directory written by either journal recovers with the other. The index is ours: without it, reading a
/// pool's highest sequence number and its events after the snapshot scanned the whole journal, which is never
/// trimmed, so recovery grew with every lease ever committed whatever the snapshots.
/// </summary>
internal static class SqliteJournalSchema
{
    public const string Create =
        """
        CREATE TABLE IF NOT EXISTS [journal]
        (
            [ordering]        INTEGER        NOT NULL PRIMARY KEY AUTOINCREMENT,
            [created]         INTEGER        NOT NULL,
            [deleted]         Bit            NOT NULL,
            [persistence_id]  NVarChar(255)  NOT NULL,
            [sequence_number] INTEGER        NOT NULL,
            [message]         VarBinary      NOT NULL,
            [manifest]        NVarChar(500)      NULL,
            [identifier]      INTEGER            NULL,
            [writer_uuid]     NVarChar(128)      NULL
        );
        CREATE TABLE IF NOT EXISTS [tags]
        (
            [ordering_id]    INTEGER       NOT NULL,
            [tag]            NVarChar(64)  NOT NULL,
            [sequence_nr]    INTEGER       NOT NULL,
            [persistence_id] NVarChar(255) NOT NULL,
            CONSTRAINT [PK_tags] PRIMARY KEY ([ordering_id], [tag])
        );
        CREATE INDEX IF NOT EXISTS [journal_persistence_id_sequence_number] ON [journal] ([persistence_id], [sequence_number]);
        """;

    public const string InsertEvent =
        """
        INSERT INTO journal (created, deleted, persistence_id, sequence_number, message, manifest, identifier, writer_uuid)
        VALUES ($created, 0, $persistence_id, $sequence_number, $message, $manifest, $identifier, $writer_uuid)
        """;

    public const string LastOrdering = "SELECT last_insert_rowid()";

    public const string InsertTag =
        "INSERT INTO tags (ordering_id, tag, sequence_nr, persistence_id) VALUES ($ordering, $tag, $sequence_number, $persistence_id)";

    public const string HighestSequenceNr =
        "SELECT COALESCE(MAX(sequence_number), 0) FROM journal WHERE persistence_id = $persistence_id AND sequence_number >= $from";

    public const string Replay =
        """
        SELECT sequence_number, message, manifest, identifier, writer_uuid, created FROM journal
        WHERE persistence_id = $persistence_id AND sequence_number >= $from AND sequence_number <= $to AND deleted = 0
        ORDER BY sequence_number LIMIT $max
        """;

    /// <summary>
    /// Deleted events are marked and then removed, all but the highest: it keeps the persistence id's highest
    /// sequence number, which a recovering actor continues from and must never see go back.
    /// </summary>
    public const string Delete =
        """
        UPDATE journal SET deleted = 1 WHERE persistence_id = $persistence_id AND sequence_number <= $to;
        DELETE FROM tags WHERE persistence_id = $persistence_id AND sequence_nr <= $to
            AND sequence_nr < (SELECT MAX(sequence_number) FROM journal WHERE persistence_id = $persistence_id);
        DELETE FROM journal WHERE persistence_id = $persistence_id AND sequence_number <= $to
            AND sequence_number < (SELECT MAX(sequence_number) FROM journal WHERE persistence_id = $persistence_id);
        """;
}
