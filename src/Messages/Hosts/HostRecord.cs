namespace XenMesh.Messages.Hosts;

/// <summary>
/// A dom0 in the subnet registry, replicated to every node; each host writes only its own record.
/// </summary>
/// <param name="HostId">The host id.</param>
/// <param name="Subnet">The guest subnet it serves, CIDR.</param>
/// <param name="LanAddress">Its LAN address (the next hop for the subnet), or null when not configured.</param>
/// <param name="RegisteredAt">When the host first registered the subnet; an earlier registration wins an overlap.</param>
/// <param name="Leases">Leases bound on that host at its last report.</param>
/// <param name="Node">The member's Akka address.</param>
/// <param name="NodeUid">The member's incarnation.</param>
public sealed record HostRecord(
    string HostId,
    string Subnet,
    string? LanAddress,
    DateTimeOffset RegisteredAt,
    int Leases,
    string Node,
    int NodeUid) : IXenMeshWireMessage;
