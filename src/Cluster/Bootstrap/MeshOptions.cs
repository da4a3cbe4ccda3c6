namespace XenMesh.Cluster.Bootstrap;

/// <summary>How this member joins the mesh; built by the agent from its <c>cluster</c> section.</summary>
/// <param name="Hostname">The address Akka.Remote binds to and advertises.</param>
/// <param name="Port">Akka.Remote's TCP port (0: a free one, only for a cluster of one).</param>
/// <param name="Seeds">Seed <c>host:port</c> pairs; empty: this member joins itself (a cluster of one).</param>
/// <param name="Role">Either <see cref="MeshRoles.Dom0"/> or <see cref="MeshRoles.Witness"/>.</param>
/// <param name="HeartbeatPause">Failure detector's acceptable heartbeat pause.</param>
/// <param name="StableAfter">Split-brain resolver's stable-after.</param>
/// <param name="Tls">Mutual TLS, or null for plain TCP.</param>
public sealed record MeshOptions(
    string Hostname,
    int Port,
    IReadOnlyList<(string Host, int Port)> Seeds,
    string Role,
    TimeSpan HeartbeatPause,
    TimeSpan StableAfter,
    MeshTlsOptions? Tls)
{
    /// <summary>The actor system name every member must share.</summary>
    public const string SystemName = "xenmesh";

    /// <summary>A cluster of one on loopback: the agent without a <c>cluster</c> section, and tests.</summary>
    public static MeshOptions SingleNode(string role = MeshRoles.Dom0) =>
        new("127.0.0.1", 0, [], role, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), null);

    /// <summary>
    /// The options of an incarnation that rejoins after this member was downed: this member's own seed entry
    /// moved behind the others, so it joins an existing cluster and never forms one alone. The first seed
    /// joins itself when no other seed answers within <c>seed-node-timeout</c>; after a partition that would
    /// be an island the majority never merges with. A member whose only seed is itself keeps joining itself.
    /// </summary>
    public MeshOptions ForRejoin()
    {
        bool IsSelf((string Host, int Port) seed) => seed.Port == Port && string.Equals(seed.Host, Hostname, StringComparison.OrdinalIgnoreCase);
        return this with { Seeds = [.. Seeds.Where(s => !IsSelf(s)), .. Seeds.Where(IsSelf)] };
    }
}
