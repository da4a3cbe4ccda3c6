namespace XenMesh.Cluster.Names;

/// <summary>
/// The latest <see cref="NameTable"/> of this node's replica, for readers outside the ActorSystem (the DNS
/// server, the command palettes): a volatile reference swapped by the <see cref="ZoneReplica"/>.
/// </summary>
public sealed class ZoneView
{
    private NameTable _current = NameTable.Empty;

    public NameTable Current => Volatile.Read(ref _current);

    /// <summary>Raised on the replica's thread after every swap; handlers must be quick and must not throw.</summary>
    public event Action<NameTable>? Changed;

    internal void Swap(NameTable snapshot)
    {
        Volatile.Write(ref _current, snapshot);
        Changed?.Invoke(snapshot);
    }
}
