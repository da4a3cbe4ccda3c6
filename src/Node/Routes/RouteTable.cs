using System.Collections.Immutable;

namespace XenMesh.Node.Routes;

/// <summary>
/// An immutable snapshot of the routes the gateway should learn, one per subnet, ordered by subnet.
/// Whoever knows the mesh (today the host's own settings, later the cluster's gateway entity) builds it;
/// the RIP speaker and the static exports only read it.
/// </summary>
public sealed record RouteTable
{
    public RouteTable(IEnumerable<DesiredRoute> routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        var ordered = routes.OrderBy(r => r.Subnet.Network).ThenBy(r => r.Subnet.PrefixLength).ToImmutableArray();
        for (var i = 1; i < ordered.Length; i++)
        {
            if (ordered[i].Subnet == ordered[i - 1].Subnet)
                throw new ArgumentException($"{ordered[i].Subnet} appears twice (hosts {ordered[i - 1].Host} and {ordered[i].Host})", nameof(routes));
        }

        Routes = ordered;
    }

    public static RouteTable Empty { get; } = new([]);

    public ImmutableArray<DesiredRoute> Routes { get; }

    /// <summary>The routes to announce as reachable.</summary>
    public IEnumerable<DesiredRoute> Live => Routes.Where(r => !r.Withdrawn);

    public bool Equals(RouteTable? other) => other is not null && Routes.AsSpan().SequenceEqual(other.Routes.AsSpan());

    public override int GetHashCode() => Routes.Length;
}
