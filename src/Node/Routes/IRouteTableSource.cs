namespace XenMesh.Node.Routes;

/// <summary>
/// Where <c>route show</c> and <c>route export</c> read the table from. Today the host's own settings
/// (<see cref="LocalRouteTableSource"/>); the cluster's gateway entity registers its own source.
/// </summary>
public interface IRouteTableSource
{
    ValueTask<RouteTable> CurrentAsync(CancellationToken ct);
}
