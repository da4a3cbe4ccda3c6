namespace XenMesh.Node.Filter;

/// <summary>What the table must hold at start: the registered vifs and the journaled leases.</summary>
public sealed record FilterContents(IReadOnlyList<FilterPort> Ports, IReadOnlyList<FilterBinding> Bindings);
