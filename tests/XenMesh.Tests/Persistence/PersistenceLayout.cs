namespace XenMesh.Tests.Persistence;

/// <summary>Where the SQLite journal and snapshot store of a system under test keep their tables.</summary>
internal enum PersistenceLayout
{
    /// <summary>As the agent configures it now: the snapshots in a file of their own.</summary>
    Current,

    /// <summary>As earlier versions did: journal and snapshots in one file, <c>xenmesh.db</c>.</summary>
    OneFile,
}
