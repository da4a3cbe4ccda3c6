using Akka.Actor;

namespace XenMesh.Messages.Routes;

/// <summary>
/// What the RIP speakers of the dom0s exchange with the gateway registry, the shard region with one entity
/// per LAN gateway (its address, or the RIP group 224.0.0.9 for every router on the LAN).
/// </summary>
public static class GatewayMessages
{
    /// <summary>A message for the entity of <see cref="Gateway"/>.</summary>
    public interface IGatewayMessage : IXenMeshWireMessage
    {
        /// <summary>The gateway's IPv4 address in dotted form.</summary>
        string Gateway { get; }
    }

    /// <summary>
    /// A speaker's feed asks for the gateway's table. Idempotent: feeds re-send it on start, on every
    /// membership change and on an interval, which is how a moved or restarted entity finds its speakers.
    /// The entity answers with a <see cref="GatewayTable"/> now and on every change, and watches
    /// <paramref name="Feed"/>.
    /// </summary>
    public sealed record RegisterSpeaker(string Gateway, string HostId, IActorRef Feed) : IGatewayMessage;

    /// <summary>The desired table of <paramref name="Gateway"/>: every live host's subnet via its LAN address, ordered by host id.</summary>
    public sealed record GatewayTable(string Gateway, IReadOnlyList<GatewayRoute> Routes) : IXenMeshWireMessage;

    /// <summary>One host's route and the member that serves it, so a speaker can withdraw it when that member becomes unreachable.</summary>
    /// <param name="HostId">The host id.</param>
    /// <param name="Subnet">Its guest subnet, CIDR.</param>
    /// <param name="NextHop">Its LAN address.</param>
    /// <param name="Node">The member's Akka address.</param>
    /// <param name="NodeUid">The member's incarnation.</param>
    public sealed record GatewayRoute(string HostId, string Subnet, string NextHop, string Node, int NodeUid);
}
