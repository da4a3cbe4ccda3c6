using XenMesh.Messages.Values;

namespace XenMesh.Node.Dns.Zone;

/// <summary>What the local feed needs from the agent's settings.</summary>
/// <param name="Domain">The mesh domain.</param>
/// <param name="HostId">This host's id: the dom0's own name and the owner of every local record.</param>
/// <param name="Bridge">The bridge address and subnet (the dom0's name points at it; its reverse zone is served).</param>
/// <param name="Ttl">Record and negative TTL in seconds.</param>
public sealed record LocalZoneSettings(string Domain, string HostId, Ipv4Interface Bridge, uint Ttl);
