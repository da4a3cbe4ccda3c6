using System.Net;
using XenMesh.Node.Dhcp.Codec;
using static XenMesh.Node.Dhcp.Codec.DhcpOptionCode;

namespace XenMesh.Tests.Dhcp.Codec;

public sealed class DhcpReplyOptionsTests
{
    private static readonly IPAddress Server = IPAddress.Parse("192.168.0.254");

    private static readonly DhcpOption[] ServerOptions =
    [
        new SubnetMaskOption(IPAddress.Parse("255.255.255.0")),
        new RouterOption([Server]),
        new DomainNameServerOption([Server]),
        new DomainNameOption("xen"),
        new BroadcastAddressOption(IPAddress.Parse("192.168.0.255")),
        new DomainSearchOption(["xen"]),
        new HostNameOption("xen1"),
        new LeaseTimeOption(259200),
        new RenewalTimeOption(129600),
        new RebindingTimeOption(226800),
        new ServerIdentifierOption(Server),
        new ClientIdentifierOption([1, 0, 0x16, 0x3e, 1, 2, 3]),
        new RelayAgentInformationOption([1, 1, 0]),
    ];

    [Fact]
    public void Requested_options_follow_the_protocol_options_in_the_order_the_client_asked()
    {
        var request = Request(DhcpMessageType.Request, DomainSearch, DomainNameServer, HostName, Router, SubnetMask);

        var chosen = DhcpReplyOptions.Select(request, [Type(DhcpMessageType.Ack), .. ServerOptions]);

        Assert.Equal(
            [MessageType, ServerIdentifier, LeaseTime, RenewalTime, RebindingTime, ClientIdentifier, DomainSearch, DomainNameServer, HostName, Router, SubnetMask, DomainName],
            chosen.Select(o => o.Code));
    }

    [Fact]
    public void Mask_router_dns_and_domain_are_sent_to_a_client_that_asked_for_nothing()
    {
        var chosen = DhcpReplyOptions.Select(Request(DhcpMessageType.Discover), [Type(DhcpMessageType.Offer), .. ServerOptions]);

        Assert.Equal(
            [MessageType, ServerIdentifier, LeaseTime, RenewalTime, RebindingTime, ClientIdentifier, SubnetMask, Router, DomainNameServer, DomainName],
            chosen.Select(o => o.Code));
    }

    [Fact]
    public void An_answer_to_inform_carries_no_lease_times_even_when_asked()
    {
        var request = Request(DhcpMessageType.Inform, LeaseTime, RenewalTime, DomainNameServer);

        var chosen = DhcpReplyOptions.Select(request, [Type(DhcpMessageType.Ack), .. ServerOptions]);

        Assert.Equal([MessageType, ServerIdentifier, ClientIdentifier, DomainNameServer, SubnetMask, Router, DomainName], chosen.Select(o => o.Code));
    }

    [Fact]
    public void A_nak_carries_only_type_server_identifier_message_and_client_identifier()
    {
        var request = Request(DhcpMessageType.Request, SubnetMask, Router);

        var chosen = DhcpReplyOptions.Select(request, [Type(DhcpMessageType.Nak), new MessageOption("wrong network"), .. ServerOptions]);

        Assert.Equal([MessageType, ServerIdentifier, Message, ClientIdentifier], chosen.Select(o => o.Code));
    }

    [Fact]
    public void Relay_information_is_never_sent_even_when_asked_for()
    {
        var chosen = DhcpReplyOptions.Select(Request(DhcpMessageType.Discover, RelayAgentInformation), [Type(DhcpMessageType.Offer), .. ServerOptions]);

        Assert.False(chosen.Contains(RelayAgentInformation));
    }

    [Fact]
    public void Duplicate_requests_and_options_the_server_lacks_are_skipped()
    {
        var request = Request(DhcpMessageType.Discover, Router, Router, (DhcpOptionCode)42, Router);

        var chosen = DhcpReplyOptions.Select(request, [Type(DhcpMessageType.Offer), new RouterOption([Server])]);

        Assert.Equal([MessageType, Router], chosen.Select(o => o.Code));
    }

    [Fact]
    public void A_reply_without_a_message_type_is_a_caller_error()
    {
        Assert.Throws<ArgumentException>(() => DhcpReplyOptions.Select(Request(DhcpMessageType.Discover), ServerOptions));
    }

    [Theory]
    [InlineData(null, 1500, 548)]
    [InlineData((ushort)300, 1500, 548)]
    [InlineData((ushort)576, 1500, 548)]
    [InlineData((ushort)1000, 1500, 972)]
    [InlineData((ushort)1500, 1500, 1472)]
    [InlineData((ushort)9000, 1500, 1472)]
    [InlineData((ushort)9000, 9000, 8972)]
    public void The_reply_limit_follows_option_57_within_576_and_the_link_mtu(ushort? maxMessageSize, int mtu, int expected)
    {
        var request = Request(DhcpMessageType.Discover);
        if (maxMessageSize is { } size)
            request = request with { Options = request.Options.With(new MaxMessageSizeOption(size)) };

        Assert.Equal(expected, DhcpReplyOptions.MaxReplyLength(request, mtu));
    }

    private static MessageTypeOption Type(DhcpMessageType type) => new(type);

    private static DhcpMessage Request(DhcpMessageType type, params DhcpOptionCode[] requested) => new()
    {
        Options = requested.Length == 0
            ? [Type(type)]
            : [Type(type), new ParameterRequestListOption([.. requested])],
    };
}
