namespace XenMesh.Node.Configuration;

/// <summary>Where host-local state (vif registry, leases) is journaled.</summary>
public sealed class PersistenceSettings
{
    /// <summary><c>sqlite</c> (a file in the state directory) or <c>postgresql</c>.</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>
    /// Required for PostgreSQL; for SQLite it defaults to <c>&lt;stateDirectory&gt;/xenmesh.db</c>.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>Create the journal tables at start; turn off in production PostgreSQL and apply the DDL as a migration.</summary>
    public bool AutoInitialize { get; set; } = true;
}
