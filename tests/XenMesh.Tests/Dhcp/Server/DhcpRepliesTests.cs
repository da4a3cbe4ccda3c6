using System.Net;
using XenMesh.Node.Dhcp.Codec;
using XenMesh.Node.Dhcp.Leases;
using XenMesh.Node.Dhcp.Server;
using static XenMesh.Node.Dhcp.Leases.LeasePoolProtocol;
using static XenMesh.Tests.Dhcp.Server.Requests;

namespace XenMesh.Tests.Dhcp.Server;

/// <summary>Reply contents (D6, D11, D13, D14) and destinations (D7, RFC 2131 §4.1).</summary>
public sealed class DhcpRepliesTests
{
    private static readonly LeaseGrant Grant = new(
        Ip("192.168.0.7"), TimeSpan.FromDays(3), TimeSpan.FromHours(36), TimeSpan.FromHours(63), "xen1", new DateTimeOffset(2026, 1, 4, 0, 0, 0, TimeSpan.Zero));

    /// <summary>What Debian's dhclient asks for (subnet, broadcast, time offset, routers, domain, DNS, search, host name, ...).</summary>
    private static readonly ParameterRequestListOption DhclientRequests =
        new([DhcpOptionCode.SubnetMask, DhcpOptionCode.BroadcastAddress, (DhcpOptionCode)2, DhcpOptionCode.Router, DhcpOptionCode.DomainName,
            DhcpOptionCode.DomainNameServer, DhcpOptionCode.DomainSearch, DhcpOptionCode.HostName, (DhcpOptionCode)26, (DhcpOptionCode)121]);

    private static readonly IPEndPoint Broadcast = new(IPAddress.Broadcast, 68);

    [Fact]
    public void An_offer_carries_the_lease_and_the_network_in_the_order_the_client_asked_and_is_broadcast()
    {
        var discover = Message(DhcpMessageType.Discover, DhclientRequests) with { Flags = DhcpFlagBits.None };

        var reply = DhcpReplies.For(discover, new LeaseOffer(Grant), Identity)!;

        Assert.Equal(Broadcast, reply.Destination);
        var offer = reply.Message;
        Assert.Equal((DhcpOperation.BootReply, 0x1234abcdu, Ip("192.168.0.7"), IPAddress.Any), (offer.Operation, offer.TransactionId, offer.YourAddress, offer.ClientAddress));
        Assert.Equal(discover.ClientHardwareAddress, offer.ClientHardwareAddress);
        Assert.Equal(
            [
                DhcpOptionCode.MessageType, DhcpOptionCode.ServerIdentifier, DhcpOptionCode.LeaseTime, DhcpOptionCode.RenewalTime, DhcpOptionCode.RebindingTime,
                DhcpOptionCode.SubnetMask, DhcpOptionCode.BroadcastAddress, DhcpOptionCode.Router, DhcpOptionCode.DomainName, DhcpOptionCode.DomainNameServer, DhcpOptionCode.HostName,
            ],
            offer.Options.Select(o => o.Code));
        Assert.Equal(DhcpMessageType.Offer, offer.MessageType);
        Assert.Equal(Ip("192.168.0.254"), offer.Options.Get<ServerIdentifierOption>()!.Address);
        Assert.Equal(259200u, offer.Options.Get<LeaseTimeOption>()!.Seconds);
        Assert.Equal(129600u, offer.Options.Get<RenewalTimeOption>()!.Seconds);
        Assert.Equal(226800u, offer.Options.Get<RebindingTimeOption>()!.Seconds);
        Assert.Equal(Ip("255.255.255.0"), offer.Options.Get<SubnetMaskOption>()!.Address);
        Assert.Equal(Ip("192.168.0.255"), offer.Options.Get<BroadcastAddressOption>()!.Address);
        Assert.Equal([Ip("192.168.0.254")], offer.Options.Get<RouterOption>()!.Addresses);
        Assert.Equal([Ip("192.168.0.254")], offer.Options.Get<DomainNameServerOption>()!.Addresses);
        Assert.Equal("xen", offer.Options.Get<DomainNameOption>()!.Text);
        Assert.Equal("xen1", offer.Options.Get<HostNameOption>()!.Text);
    }

    [Fact]
    public void Mask_router_dns_and_domain_go_out_even_unasked_and_the_client_id_is_echoed()
    {
        var discover = Message(DhcpMessageType.Discover, new ClientIdentifierOption([1, 0xaa, 0xcc, 0, 0, 0, 5]));

        var offer = DhcpReplies.For(discover, new LeaseOffer(Grant with { Name = null }), Identity)!.Message;

        Assert.Equal(
            [
                DhcpOptionCode.MessageType, DhcpOptionCode.ServerIdentifier, DhcpOptionCode.LeaseTime, DhcpOptionCode.RenewalTime, DhcpOptionCode.RebindingTime,
                DhcpOptionCode.ClientIdentifier, DhcpOptionCode.SubnetMask, DhcpOptionCode.Router, DhcpOptionCode.DomainNameServer, DhcpOptionCode.DomainName,
            ],
            offer.Options.Select(o => o.Code));
        Assert.Equal(discover.Options.Get<ClientIdentifierOption>(), offer.Options.Get<ClientIdentifierOption>());
    }

    [Fact]
    public void An_ack_to_a_renewal_goes_unicast_to_ciaddr_and_keeps_it()
    {
        var renew = Message(DhcpMessageType.Request) with { ClientAddress = Ip("192.168.0.7") };

        var reply = DhcpReplies.For(renew, new LeaseAck(Grant), Identity)!;

        Assert.Equal(new IPEndPoint(Ip("192.168.0.7"), 68), reply.Destination);
        Assert.Equal((DhcpMessageType.Ack, Ip("192.168.0.7"), Ip("192.168.0.7")), (reply.Message.MessageType, reply.Message.YourAddress, reply.Message.ClientAddress));
    }

    [Fact]
    public void Replies_to_a_client_without_an_address_are_broadcast_with_or_without_the_broadcast_flag()
    {
        var selecting = Message(DhcpMessageType.Request, new ServerIdentifierOption(Ip("192.168.0.254")), new RequestedAddressOption(Ip("192.168.0.7")));

        Assert.Equal(Broadcast, DhcpReplies.For(selecting, new LeaseAck(Grant), Identity)!.Destination);
        var flagged = DhcpReplies.For(selecting with { Flags = DhcpFlagBits.Broadcast }, new LeaseAck(Grant), Identity)!;
        Assert.Equal(Broadcast, flagged.Destination);
        Assert.Equal(DhcpFlagBits.Broadcast, flagged.Message.Flags);
    }

    [Fact]
    public void A_relayed_request_is_answered_to_the_relays_server_port()
    {
        var relayed = Message(DhcpMessageType.Discover) with { RelayAddress = Ip("192.168.0.100"), Hops = 1 };

        var reply = DhcpReplies.For(relayed, new LeaseOffer(Grant), Identity)!;

        Assert.Equal(new IPEndPoint(Ip("192.168.0.100"), 67), reply.Destination);
        Assert.Equal(Ip("192.168.0.100"), reply.Message.RelayAddress);
        Assert.Equal(0, reply.Message.Hops);
    }

    [Fact]
    public void A_nak_is_broadcast_with_only_53_54_56_and_61_and_no_address()
    {
        var request = Message(DhcpMessageType.Request, new RequestedAddressOption(Ip("10.9.9.9")), new ClientIdentifierOption([1, 2, 3]), DhclientRequests)
            with { ClientAddress = Ip("10.9.9.9") };

        var reply = DhcpReplies.For(request, new LeaseNak("10.9.9.9 is not on this network"), Identity)!;

        Assert.Equal(Broadcast, reply.Destination);
        var nak = reply.Message;
        Assert.Equal(
            [DhcpOptionCode.MessageType, DhcpOptionCode.ServerIdentifier, DhcpOptionCode.Message, DhcpOptionCode.ClientIdentifier],
            nak.Options.Select(o => o.Code));
        Assert.Equal(DhcpMessageType.Nak, nak.MessageType);
        Assert.Equal("10.9.9.9 is not on this network", nak.Options.Get<MessageOption>()!.Text);
        Assert.Equal((IPAddress.Any, IPAddress.Any), (nak.YourAddress, nak.ClientAddress));
    }

    [Fact]
    public void A_relayed_nak_goes_to_the_relay_with_the_broadcast_flag_set()
    {
        var request = Message(DhcpMessageType.Request, new RequestedAddressOption(Ip("10.9.9.9"))) with { RelayAddress = Ip("192.168.0.100") };

        var reply = DhcpReplies.For(request, new LeaseNak("no"), Identity)!;

        Assert.Equal(new IPEndPoint(Ip("192.168.0.100"), 67), reply.Destination);
        Assert.Equal(DhcpFlagBits.Broadcast, reply.Message.Flags);
    }

    [Fact]
    public void An_inform_gets_the_network_without_an_address_or_lease_times_at_ciaddr()
    {
        var inform = Message(DhcpMessageType.Inform, DhclientRequests) with { ClientAddress = Ip("192.168.0.9") };

        var reply = DhcpReplies.For(inform, InformAck.Instance, Identity)!;

        Assert.Equal(new IPEndPoint(Ip("192.168.0.9"), 68), reply.Destination);
        Assert.Equal((DhcpMessageType.Ack, IPAddress.Any, Ip("192.168.0.9")), (reply.Message.MessageType, reply.Message.YourAddress, reply.Message.ClientAddress));
        Assert.DoesNotContain(reply.Message.Options, o => o.Code is DhcpOptionCode.LeaseTime or DhcpOptionCode.RenewalTime or DhcpOptionCode.RebindingTime or DhcpOptionCode.HostName);
        Assert.Contains(reply.Message.Options, o => o.Code == DhcpOptionCode.DomainNameServer);
    }

    [Theory]
    [InlineData(NoAnswerReason.Released)]
    [InlineData(NoAnswerReason.NotSelected)]
    [InlineData(NoAnswerReason.PoolExhausted)]
    public void No_answer_sends_nothing(NoAnswerReason reason)
    {
        Assert.Null(DhcpReplies.For(Message(DhcpMessageType.Discover), new NoAnswer(reason), Identity));
    }

    [Theory]
    [InlineData(ClientFqdnFlagBits.Encoded, ClientFqdnFlagBits.Encoded | ClientFqdnFlagBits.ServerUpdate | ClientFqdnFlagBits.Override, "xen1.xen.")]
    [InlineData(ClientFqdnFlagBits.Encoded | ClientFqdnFlagBits.ServerUpdate, ClientFqdnFlagBits.Encoded | ClientFqdnFlagBits.ServerUpdate, "xen1.xen.")]
    [InlineData(ClientFqdnFlagBits.ServerUpdate, ClientFqdnFlagBits.ServerUpdate, "xen1.xen")]
    [InlineData(ClientFqdnFlagBits.NoServerUpdate, ClientFqdnFlagBits.ServerUpdate | ClientFqdnFlagBits.Override, "xen1.xen")]
    public void Option_81_says_the_server_updates_dns_with_the_name_it_publishes(ClientFqdnFlagBits sent, ClientFqdnFlagBits answered, string name)
    {
        var request = Message(DhcpMessageType.Request, new ClientFqdnOption(sent, (sent & ClientFqdnFlagBits.Encoded) != 0 ? "laptop." : "laptop"))
            with { ClientAddress = Ip("192.168.0.7") };

        var fqdn = DhcpReplies.For(request, new LeaseAck(Grant), Identity)!.Message.Options.Get<ClientFqdnOption>()!;

        Assert.Equal((answered, name, (byte)255, (byte)255), (fqdn.Flags, fqdn.Name, fqdn.Rcode1, fqdn.Rcode2));
    }

    [Fact]
    public void Without_a_name_to_publish_option_81_says_no_update_and_returns_the_clients_name()
    {
        var request = Message(DhcpMessageType.Discover, new ClientFqdnOption(ClientFqdnFlagBits.ServerUpdate, "my_pc"));

        var fqdn = DhcpReplies.For(request, new LeaseOffer(Grant with { Name = null }), Identity)!.Message.Options.Get<ClientFqdnOption>()!;

        Assert.Equal((ClientFqdnFlagBits.NoServerUpdate, "my_pc"), (fqdn.Flags, fqdn.Name));
    }

    [Fact]
    public void Every_reply_fits_576_octets_and_decodes_back()
    {
        var discover = Message(DhcpMessageType.Discover, DhclientRequests, new ClientFqdnOption(ClientFqdnFlagBits.Encoded, "xen1.xen."));

        var reply = DhcpReplies.For(discover, new LeaseOffer(Grant), Identity)!;
        var encoded = DhcpEncoder.Encode(reply.Message, DhcpReplyOptions.MaxReplyLength(discover));

        Assert.Empty(encoded.DroppedOptions);
        Assert.InRange(encoded.Packet.Length, 300, 548);
        Assert.Equal(reply.Message, DhcpDecoder.Decode(encoded.Packet));
    }
}
