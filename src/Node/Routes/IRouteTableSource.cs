namespace XenMesh.Node.Routes;

/// <summary>
/// Where <c>route show</c> and <c>route export</c> read the table from: the mesh table in the agent
/// (<see cref="MeshRouteTableSource"/>), or the host's own settings (<see cref="LocalRouteTableSource"/>).
/// </summary>
public interface IRouteTableSource
{
    ValueTask<RouteTable> CurrentAsync(CancellationToken ct);
}
