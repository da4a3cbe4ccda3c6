namespace XenMesh.Node.Configuration;

/// <summary>
/// The mesh: how this dom0 joins the other hosts' Akka cluster. Without a <c>cluster</c> section the agent
/// is a cluster of one (loopback, a free port, joined to itself), so the name registry and the zone
/// replica run the same code on a lone host.
/// </summary>
public sealed class ClusterSettings
{
    /// <summary>TCP port of Akka.Remote on <see cref="Hostname"/>.</summary>
    public int Port { get; set; } = 4053;

    /// <summary>The address other hosts reach this one on; defaults to <c>lan.address</c>.</summary>
    public string? Hostname { get; set; }

    /// <summary>
    /// <c>host:port</c> of the seed nodes, the same list on every member, the host expected to boot first
    /// first. A host that lists itself first forms the cluster when no other seed answers.
    /// </summary>
    public List<string> Seeds { get; set; } = [];

    /// <summary>How long heartbeats may be missing before a member is unreachable.</summary>
    public TimeSpan HeartbeatPause { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long membership must be stable before the split-brain resolver downs the minority.</summary>
    public TimeSpan StableAfter { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often this host re-asserts its name claims (soft state in the registry).</summary>
    public TimeSpan ClaimRefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Mutual TLS for Akka.Remote; null for plain TCP on a trusted LAN.</summary>
    public ClusterTlsSettings? Tls { get; set; }
}
