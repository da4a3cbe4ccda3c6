namespace XenMesh.Cluster.Names;

/// <summary>
/// The latest <see cref="ZoneSnapshot"/> of this node's replica, for readers outside the ActorSystem (the DNS
/// server, the command palettes): a volatile reference swapped by the <see cref="ZoneReplica"/>.
/// </summary>
public sealed class ZoneView
{
    private ZoneSnapshot _current = ZoneSnapshot.Empty;

    public ZoneSnapshot Current => Volatile.Read(ref _current);

    /// <summary>Raised on the replica's thread after every swap; handlers must be quick and must not throw.</summary>
    public event Action<ZoneSnapshot>? Changed;

    internal void Swap(ZoneSnapshot snapshot)
    {
        Volatile.Write(ref _current, snapshot);
        Changed?.Invoke(snapshot);
    }
}
