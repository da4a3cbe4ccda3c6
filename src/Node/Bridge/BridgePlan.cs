namespace XenMesh.Node.Bridge;

/// <summary>The outcome of comparing the bridge with its desired state.</summary>
/// <param name="Repairs">Changes to apply, in order; empty when the bridge is as it should be.</param>
/// <param name="Conflict">Why nothing may be changed (the name is taken by a device that is not a bridge), or null.</param>
public sealed record BridgePlan(IReadOnlyList<BridgeRepair> Repairs, string? Conflict = null);
