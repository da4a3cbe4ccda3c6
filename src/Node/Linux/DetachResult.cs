namespace XenMesh.Node.Linux;

/// <summary>What <see cref="LinkAdapter.DetachFromBridgeAsync"/> found.</summary>
public enum DetachResult
{
    /// <summary>The device existed and now has no master.</summary>
    Detached,

    /// <summary>The device does not exist (a vif that is already gone): nothing to do, not an error.</summary>
    Absent,
}
