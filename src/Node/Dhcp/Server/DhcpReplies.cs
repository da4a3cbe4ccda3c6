using System.Net;
using XenMesh.Node.Dhcp.Codec;
using static XenMesh.Node.Dhcp.Leases.LeasePoolProtocol;

namespace XenMesh.Node.Dhcp.Server;

/// <summary>
/// Builds the reply to a request from the lease pool's answer (protocol-rules D6, D7, D11, D13, D14) and
/// decides where it goes (RFC 2131 §4.1).
/// </summary>
internal static class DhcpReplies
{
    public const int ServerPort = 67;
    public const int ClientPort = 68;

    /// <summary>The reply, or null when the pool wants none sent.</summary>
    public static DhcpOutbound? For(DhcpMessage request, ILeasePoolReply answer, DhcpServerIdentity server)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(server);
        return answer switch
        {
            LeaseOffer offer => Lease(request, DhcpMessageType.Offer, offer.Grant, server),
            LeaseAck ack => Lease(request, DhcpMessageType.Ack, ack.Grant, server),
            LeaseNak nak => Nak(request, nak.Message, server),
            InformAck => Inform(request, server),
            _ => null,
        };
    }

    /// <summary>
    /// RFC 2131 §4.1: to the relay's server port when relayed; a NAK is broadcast; to <c>ciaddr</c> when the
    /// client has an address. Otherwise broadcast: the RFC prefers a unicast to <c>yiaddr</c>, but that needs
    /// an ARP entry for an address the client has not configured yet, which a UDP socket cannot install; the
    /// RFC allows broadcasting instead, and on a bridge of guests it costs nothing.
    /// </summary>
    public static IPEndPoint DestinationOf(DhcpMessage request, DhcpMessageType replyType)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (DhcpRequestRules.IsRelayed(request))
            return new IPEndPoint(request.RelayAddress, ServerPort);
        if (replyType != DhcpMessageType.Nak && !request.ClientAddress.Equals(IPAddress.Any))
            return new IPEndPoint(request.ClientAddress, ClientPort);
        return new IPEndPoint(IPAddress.Broadcast, ClientPort);
    }

    private static DhcpOutbound Lease(DhcpMessage request, DhcpMessageType type, LeaseGrant grant, DhcpServerIdentity server)
    {
        var options = new List<DhcpOption>
        {
            new MessageTypeOption(type),
            server.ServerIdentifier,
            new LeaseTimeOption(TimeOption.ToSeconds(grant.LeaseTime)),
            new RenewalTimeOption(TimeOption.ToSeconds(grant.RenewalTime)),
            new RebindingTimeOption(TimeOption.ToSeconds(grant.RebindingTime)),
        };
        if (grant.Name is { } name)
            options.Add(new HostNameOption(name));
        if (ClientFqdnReply(request.Options.Get<ClientFqdnOption>(), grant.Name, server.Domain) is { } fqdn)
            options.Add(fqdn);
        AddConfiguration(options, request, server);

        var reply = request.CreateReply(DhcpReplyOptions.Select(request, options)) with
        {
            YourAddress = grant.Address,
            ClientAddress = type == DhcpMessageType.Ack ? request.ClientAddress : IPAddress.Any,
        };
        return new DhcpOutbound(reply, DestinationOf(request, type));
    }

    private static DhcpOutbound Nak(DhcpMessage request, string message, DhcpServerIdentity server)
    {
        List<DhcpOption> options = [new MessageTypeOption(DhcpMessageType.Nak), server.ServerIdentifier];
        if (message.Length > 0)
            options.Add(new MessageOption(message));
        if (request.Options.Get<ClientIdentifierOption>() is { } clientId)
            options.Add(clientId);
        var reply = request.CreateReply(DhcpReplyOptions.Select(request, options));

        // RFC 2131 §4.3.2: a relay must broadcast the NAK on the client's link.
        if (DhcpRequestRules.IsRelayed(request))
            reply = reply with { Flags = reply.Flags | DhcpFlagBits.Broadcast };
        return new DhcpOutbound(reply, DestinationOf(request, DhcpMessageType.Nak));
    }

    private static DhcpOutbound Inform(DhcpMessage request, DhcpServerIdentity server)
    {
        List<DhcpOption> options = [new MessageTypeOption(DhcpMessageType.Ack), server.ServerIdentifier];
        AddConfiguration(options, request, server);
        var reply = request.CreateReply(DhcpReplyOptions.Select(request, options)) with { ClientAddress = request.ClientAddress };
        return new DhcpOutbound(reply, DestinationOf(request, DhcpMessageType.Ack));
    }

    /// <summary>
    /// Adds the network parameters every OFFER and ACK carries (1, 3, 6, 15), option 28 for whoever asks, and 61
    /// echoed (RFC 6842). It adds to the caller's list rather than yielding them: every reply pays for an iterator.
    /// </summary>
    private static void AddConfiguration(List<DhcpOption> options, DhcpMessage request, DhcpServerIdentity server)
    {
        options.AddRange(server.Network);
        if (request.Options.Get<ClientIdentifierOption>() is { } clientId)
            options.Add(clientId);
    }

    /// <summary>
    /// RFC 4702 §4: XenMesh updates its own zone, so S = 1, with O = 1 when the client asked for S = 0, and the
    /// name it publishes, fully qualified in the mesh domain, in the client's encoding. Without a usable name it
    /// performs no update: N = 1 and the client's name back.
    /// </summary>
    private static ClientFqdnOption? ClientFqdnReply(ClientFqdnOption? asked, string? name, string domain)
    {
        if (asked is null)
            return null;
        var encoded = asked.Flags & ClientFqdnFlagBits.Encoded;
        if (name is null)
            return new ClientFqdnOption(encoded | ClientFqdnFlagBits.NoServerUpdate, asked.Name, ClientFqdnOption.ServerRcode, ClientFqdnOption.ServerRcode);
        var flags = encoded | ClientFqdnFlagBits.ServerUpdate;
        if ((asked.Flags & ClientFqdnFlagBits.ServerUpdate) == 0)
            flags |= ClientFqdnFlagBits.Override;
        var fqdn = encoded != 0 ? $"{name}.{domain}." : $"{name}.{domain}";
        return new ClientFqdnOption(flags, fqdn, ClientFqdnOption.ServerRcode, ClientFqdnOption.ServerRcode);
    }
}
