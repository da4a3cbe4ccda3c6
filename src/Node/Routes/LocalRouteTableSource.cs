using XenMesh.Node.Configuration;

namespace XenMesh.Node.Routes;

/// <summary>The table of a host on its own: its guest subnet via its <c>lan.address</c>.</summary>
public sealed class LocalRouteTableSource(XenMeshSettings settings) : IRouteTableSource
{
    private readonly RouteTable _table = LocalRouteTable.From(settings);

    public ValueTask<RouteTable> CurrentAsync(CancellationToken ct) => ValueTask.FromResult(_table);
}
