namespace XenMesh.Node.Configuration;

/// <summary>
/// What one guest port may cost the pool, so a guest forging requests cannot starve the others.
/// Relayed requests (no vif) are bounded by the pool size only.
/// </summary>
public sealed class DhcpLimitSettings
{
    /// <summary>Addresses offered or bound per vif: one active lease plus a margin for a client-id change.</summary>
    public int LeasesPerVif { get; set; } = 2;

    /// <summary>Sustained DISCOVER/REQUEST/DECLINE/INFORM rate per vif (token bucket refill).</summary>
    public int RequestsPerSecond { get; set; } = 10;

    /// <summary>Token bucket size per vif: how many requests may arrive at once.</summary>
    public int RequestBurst { get; set; } = 20;

    /// <summary>Declined addresses one vif may hold in quarantine at a time.</summary>
    public int QuarantinedPerVif { get; set; } = 4;
}
