using Akka.Actor;
using Akka.Event;
using XenMesh.Cluster.Hosts;
using XenMesh.Cluster.Names;
using static XenMesh.Node.Dhcp.Leases.LeaseNameChanges;

namespace XenMesh.Node.Mesh;

/// <summary>
/// Lives in the mesh's ActorSystem and joins its EventStream with the data plane's: the lease pool's name
/// changes go to the claimant, the replica's and the host registry's announcements go to the zone feed.
/// It is subscribed by its creator before the actors whose announcements it carries exist, so none is
/// missed; it unsubscribes from the data plane when its incarnation of the mesh stops.
/// </summary>
public sealed class MeshEventRelay : ReceiveActor
{
    private readonly EventStream _dataPlane;

    public MeshEventRelay(EventStream dataPlane)
    {
        _dataPlane = dataPlane;
        Receive<ILeaseNameChange>(change => Context.System.EventStream.Publish(change));
        Receive<NameTable>(table => _dataPlane.Publish(table));
        Receive<HostSnapshot>(hosts => _dataPlane.Publish(hosts));
    }

    /// <summary>The relay's props; <see cref="MeshAgentHosting"/> subscribes it to both streams when it creates it.</summary>
    public static Props Props(EventStream dataPlane) => Akka.Actor.Props.Create(() => new MeshEventRelay(dataPlane));

    protected override void PostStop()
    {
        _dataPlane.Unsubscribe(Self);
        Context.System.EventStream.Unsubscribe(Self);
    }
}
