namespace XenMesh.Node.Filter;

/// <summary>
/// One <c>nft -f</c> script and what it does: <paramref name="Change"/> for an incremental one, or null
/// for a whole-table install of <paramref name="Ports"/> and <paramref name="Bindings"/>.
/// </summary>
public sealed record FilterTransaction(string Script, FilterChange? Change, IReadOnlyList<FilterPort> Ports, IReadOnlyList<FilterBinding> Bindings)
{
    public bool ReplacesTable => Change is null;
}
