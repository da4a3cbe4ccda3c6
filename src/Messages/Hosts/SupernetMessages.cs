namespace XenMesh.Messages.Hosts;

/// <summary>
/// What a host starting without <c>bridge.address</c> asks the supernet registry (the shard region with one
/// entity per supernet, the single writer of its /24 assignments), and what the entity replicates.
/// </summary>
public static class SupernetMessages
{
    /// <summary>
    /// Asks for <paramref name="HostId"/>'s /24 of <paramref name="Supernet"/>. Idempotent: the same host asking
    /// again gets the same /24, so a host may repeat the request until it is answered.
    /// </summary>
    /// <param name="Supernet">The supernet, CIDR with the host bits cleared (<c>10.77.0.0/16</c>).</param>
    /// <param name="HostId">The asking host.</param>
    public sealed record AssignSubnet(string Supernet, string HostId) : IXenMeshWireMessage;

    /// <summary>The answer to <see cref="AssignSubnet"/>: <paramref name="Subnet"/>, or null and <paramref name="Refusal"/> when none is free.</summary>
    public sealed record SubnetAssigned(string Supernet, string HostId, string? Subnet, string? Refusal) : IXenMeshWireMessage;

    /// <summary>
    /// A /24 the entity handed out, replicated to every node, so an entity that moves or restarts never gives
    /// it to another host, even before its holder has registered it in the host registry.
    /// </summary>
    /// <param name="HostId">The host holding it.</param>
    /// <param name="Subnet">The /24, CIDR.</param>
    /// <param name="AssignedAt">When it was handed out.</param>
    public sealed record SubnetAssignment(string HostId, string Subnet, DateTimeOffset AssignedAt) : IXenMeshWireMessage;
}
