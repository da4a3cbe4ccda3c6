using System.Net;
using XenMesh.Messages.Values;
using XenMesh.Node.Dhcp.Codec;
using XenMesh.Node.Dhcp.Leases;
using static XenMesh.Node.Dhcp.Leases.LeasePoolProtocol;

namespace XenMesh.Node.Dhcp.Server;

/// <summary>
/// Turns a client message that passed <see cref="DhcpRequestRules.Check"/> into the lease pool's command,
/// reading the client state of a REQUEST as protocol-rules D4 describes.
/// </summary>
internal static class LeaseRequests
{
    /// <summary>The client as the pool knows it: <c>chaddr</c>, options 61, 81 and 12, and where the packet came from.</summary>
    /// <param name="request">A message that passed the rules.</param>
    /// <param name="mac">Its <c>chaddr</c>.</param>
    /// <param name="vif">The guest port it came in on; null when relayed.</param>
    /// <param name="xenDomainName">The guest's name from the vif registry, or null.</param>
    public static LeaseClient ClientOf(DhcpMessage request, MacAddress mac, string? vif, string? xenDomainName)
    {
        ArgumentNullException.ThrowIfNull(request);
        var clientId = request.Options.Get<ClientIdentifierOption>();
        return new LeaseClient(
            mac,
            clientId is null ? null : Convert.ToHexStringLower(clientId.Value.AsSpan()),
            vif,
            xenDomainName,
            request.Options.Get<ClientFqdnOption>()?.Name,
            request.Options.Get<HostNameOption>()?.Text);
    }

    /// <summary>
    /// The pool command for <paramref name="request"/>, or why there is none.
    /// </summary>
    /// <param name="request">A message that passed the rules.</param>
    /// <param name="client">Its client.</param>
    /// <param name="broadcast">
    /// The packet was sent to a broadcast address. A REQUEST with <c>ciaddr</c> is RENEWING when unicast to
    /// the server and REBINDING when broadcast; a relay forwards only broadcasts, so a relayed one is REBINDING.
    /// </param>
    /// <param name="serverId">This server's identifier (the bridge address).</param>
    public static (IDhcpClientCommand? Command, DhcpDropReason? Drop) CommandFor(DhcpMessage request, LeaseClient client, bool broadcast, IPAddress serverId)
    {
        ArgumentNullException.ThrowIfNull(request);
        var requested = request.Options.Get<RequestedAddressOption>()?.Address;
        var ciaddr = IsSet(request.ClientAddress) ? request.ClientAddress : null;
        switch (request.MessageType)
        {
            case DhcpMessageType.Discover:
                return (new Discover(client, requested), null);
            case DhcpMessageType.Request:
                return Request(request, client, broadcast, serverId, requested, ciaddr);
            case DhcpMessageType.Decline:
                return requested is null ? (null, DhcpDropReason.IncompleteRequest) : (new Decline(client, requested), null);
            case DhcpMessageType.Release:
                return ciaddr is null ? (null, DhcpDropReason.IncompleteRequest) : (new Release(client, ciaddr), null);
            case DhcpMessageType.Inform:
                return ciaddr is null ? (null, DhcpDropReason.IncompleteRequest) : (new Inform(client, ciaddr), null);
            default:
                return (null, DhcpDropReason.NotClientMessage);
        }
    }

    private static (IDhcpClientCommand?, DhcpDropReason?) Request(
        DhcpMessage request, LeaseClient client, bool broadcast, IPAddress serverId, IPAddress? requested, IPAddress? ciaddr)
    {
        var server = request.Options.Get<ServerIdentifierOption>()?.Address;

        // RFC 2131 forbids option 54 in a renewal, but some clients send it; ciaddr without option 50 is a renewal either way.
        if (ciaddr is not null && requested is null)
        {
            if (server is not null && !server.Equals(serverId))
                return (null, DhcpDropReason.OtherServer);
            return broadcast || DhcpRequestRules.IsRelayed(request)
                ? (new RequestRebinding(client, ciaddr), null)
                : (new RequestRenewing(client, ciaddr), null);
        }

        if (requested is null)
            return (null, DhcpDropReason.IncompleteRequest);
        return server is not null
            ? (new RequestSelecting(client, server, requested), null)
            : (new RequestInitReboot(client, requested), null);
    }

    private static bool IsSet(IPAddress address) => !address.Equals(IPAddress.Any);
}
