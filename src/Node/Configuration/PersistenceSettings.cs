namespace XenMesh.Node.Configuration;

/// <summary>Where host-local state (vif registry, leases) is journaled.</summary>
public sealed class PersistenceSettings
{
    /// <summary><c>sqlite</c> (a file in the state directory) or <c>postgresql</c>.</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>
    /// Required for PostgreSQL; for SQLite it defaults to <c>&lt;stateDirectory&gt;/xenmesh.db</c>, and the
    /// snapshot store uses the same file name with <c>-snapshots</c> before the extension, so that a snapshot
    /// being written never holds the journal's commits (SQLite has one writer per file).
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>Create the journal tables at start; turn off in production PostgreSQL and apply the DDL as a migration.</summary>
    public bool AutoInitialize { get; set; } = true;

    /// <summary>
    /// SQLite's <c>synchronous</c> for every journal connection: <c>normal</c> or <c>full</c>. In WAL mode both
    /// finish a commit only once it is written to the database's WAL file, so a commit survives a crash or a
    /// <c>kill -9</c> of the agent; <c>full</c> also waits for the disk (fsync) at each commit, so a commit
    /// survives a power loss or a kernel crash of the host too, where <c>normal</c> syncs at checkpoints only
    /// and may lose the last commits before such a failure (the database stays consistent). The guests whose
    /// leases those were run on the same host and go down with it. The default is <c>full</c>: issue 3 promises a
    /// lease synced before its ACK, which Kea does not do. See docs/benchmarks.md for the cost.
    /// </summary>
    public string SqliteSynchronous { get; set; } = "full";
}
