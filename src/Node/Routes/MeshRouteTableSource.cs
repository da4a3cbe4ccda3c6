using XenMesh.Cluster.Gateways;
using XenMesh.Cluster.Hosts;
using XenMesh.Node.Configuration;
using XenMesh.Node.Mesh;

namespace XenMesh.Node.Routes;

/// <summary>
/// The mesh table for <c>route export</c> and <c>route show</c>: the gateway entity's computation
/// (<see cref="GatewayRoutes"/>) on this node's host registry view, with this node's unreachable members
/// withdrawn. Before the host registry has seen any host (the mesh is not up yet) and while the mesh's
/// ActorSystem restarts (<see cref="MeshSystem"/>), this host's own table.
/// </summary>
public sealed class MeshRouteTableSource(XenMeshSettings settings, HostView hosts, MeshSystem mesh) : IRouteTableSource
{
    private readonly RouteTable _local = LocalRouteTable.From(settings);

    public ValueTask<RouteTable> CurrentAsync(CancellationToken ct)
    {
        var snapshot = hosts.Current;
        if (snapshot.Hosts.Count == 0 || mesh.Current is not { } system)
            return ValueTask.FromResult(_local);
        var unreachable = Akka.Cluster.Cluster.Get(system).State.Unreachable.Select(m => (m.Address.ToString(), m.UniqueAddress.Uid)).ToHashSet();
        return ValueTask.FromResult(MeshRouteTable.For(GatewayRoutes.From(snapshot), unreachable, settings.Host.Id));
    }
}
