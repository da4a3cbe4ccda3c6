namespace XenMesh.Cluster.Names;

/// <summary>Timings of the name registry.</summary>
/// <param name="ClaimRefreshInterval">How often hosts re-assert their claims; entities check expiry as often.</param>
/// <param name="Time">The clock claims are stamped with.</param>
public sealed record NameRegistryOptions(TimeSpan ClaimRefreshInterval, TimeProvider Time)
{
    /// <summary>A claim not re-asserted for three refresh intervals ends.</summary>
    public TimeSpan ClaimTtl => ClaimRefreshInterval * 3;

    /// <summary>
    /// How long a bucket's write waits for every node before leaving the rest to gossip. A fifth of it is how long
    /// the replicator waits for an ack before it resends the bucket's full state instead of the delta.
    /// </summary>
    public TimeSpan WriteTimeout { get; init; } = TimeSpan.FromSeconds(5);
}
