namespace XenMesh.Node.Mesh;

/// <summary>The /24 the mesh assigned this host from <paramref name="Supernet"/>, as kept in its state directory.</summary>
/// <param name="HostId">The host it was assigned to.</param>
/// <param name="Supernet">The supernet it came from, CIDR.</param>
/// <param name="Subnet">The /24, CIDR.</param>
/// <param name="AssignedAt">When this host stored it.</param>
internal sealed record StoredSubnet(string HostId, string Supernet, string Subnet, DateTimeOffset AssignedAt);
