namespace XenMesh.Cluster.Hosts;

/// <summary>The latest <see cref="HostSnapshot"/>, swapped by the <see cref="HostRegistryActor"/>, for the palettes.</summary>
public sealed class HostView
{
    private HostSnapshot _current = HostSnapshot.Empty;

    public HostSnapshot Current => Volatile.Read(ref _current);

    internal void Swap(HostSnapshot snapshot) => Volatile.Write(ref _current, snapshot);
}
