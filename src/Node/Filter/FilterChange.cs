namespace XenMesh.Node.Filter;

/// <summary>Elements to take out of the kernel's sets, then to put in, as one transaction.</summary>
public sealed record FilterChange(
    IReadOnlyList<FilterPort> RemovedPorts,
    IReadOnlyList<FilterPort> AddedPorts,
    IReadOnlyList<FilterBinding> RemovedBindings,
    IReadOnlyList<FilterBinding> AddedBindings)
{
    public bool IsEmpty => RemovedPorts.Count == 0 && AddedPorts.Count == 0 && RemovedBindings.Count == 0 && AddedBindings.Count == 0;

    public int Count => RemovedPorts.Count + AddedPorts.Count + RemovedBindings.Count + AddedBindings.Count;
}
