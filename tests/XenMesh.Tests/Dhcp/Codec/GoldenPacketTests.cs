using System.Net;
using XenMesh.Messages.Values;
using XenMesh.Node.Dhcp.Codec;

namespace XenMesh.Tests.Dhcp.Codec;

/// <summary>
/// One conversation of every message type, each packet written out by hand from the RFC 2131/2132
/// layout; the encoder must produce exactly these octets and the decoder must read them back.
/// </summary>
public sealed class GoldenPacketTests
{
    private static readonly byte[] Xid = [0x39, 0x03, 0xf3, 0x26];
    private static readonly byte[] Broadcast = [0x80, 0x00];
    private static readonly byte[] GuestAddress = [192, 168, 0, 17];
    private static readonly byte[] ServerId = [54, 4, 192, 168, 0, 254];
    private static readonly byte[] ClientId = [61, 7, 1, 0x00, 0x16, 0x3e, 0x12, 0x34, 0x56];

    // 51: 259200 s (3 days) = 0x0003f480; 58: T1 129600 = 0x0001fa40; 59: T2 226800 = 0x000375f0.
    private static readonly byte[] LeaseTimes = [51, 4, 0x00, 0x03, 0xf4, 0x80, 58, 4, 0x00, 0x01, 0xfa, 0x40, 59, 4, 0x00, 0x03, 0x75, 0xf0];
    private static readonly byte[] Parameters =
    [
        1, 4, 255, 255, 255, 0,
        3, 4, 192, 168, 0, 254,
        6, 4, 192, 168, 0, 254,
        15, 3, (byte)'x', (byte)'e', (byte)'n',
    ];

    private static readonly IPAddress Server = IPAddress.Parse("192.168.0.254");
    private static readonly IPAddress Guest = IPAddress.Parse("192.168.0.17");
    private static readonly ClientHardwareAddress Chaddr = ClientHardwareAddress.FromMac(MacAddress.Parse("00:16:3e:12:34:56"));
    private static readonly ClientIdentifierOption ClientIdOption = new([1, 0x00, 0x16, 0x3e, 0x12, 0x34, 0x56]);

    private static readonly DhcpOption[] ParameterOptions =
    [
        new SubnetMaskOption(IPAddress.Parse("255.255.255.0")),
        new RouterOption([Server]),
        new DomainNameServerOption([Server]),
        new DomainNameOption("xen"),
    ];

    public static TheoryData<string, DhcpMessage, byte[]> Conversation => new()
    {
        {
            "DISCOVER",
            Request(DhcpFlagBits.Broadcast,
                new MessageTypeOption(DhcpMessageType.Discover), ClientIdOption, new RequestedAddressOption(Guest), new HostNameOption("xen1"),
                new ParameterRequestListOption([DhcpOptionCode.SubnetMask, DhcpOptionCode.Router, DhcpOptionCode.DomainNameServer, DhcpOptionCode.DomainName])),
            RfcPacket.Build(1, Xid, flags: Broadcast, options:
            [
                53, 1, 1, .. ClientId, 50, 4, .. GuestAddress, 12, 4, (byte)'x', (byte)'e', (byte)'n', (byte)'1', 55, 4, 1, 3, 6, 15, 255,
            ])
        },
        {
            "OFFER",
            Reply(DhcpFlagBits.Broadcast, Guest,
            [
                new MessageTypeOption(DhcpMessageType.Offer), new ServerIdentifierOption(Server), new LeaseTimeOption(259200),
                ClientIdOption, .. ParameterOptions,
            ]),
            RfcPacket.Build(2, Xid, flags: Broadcast, yiaddr: GuestAddress, options:
                [53, 1, 2, .. ServerId, .. LeaseTimes[..6], .. ClientId, .. Parameters, 255])
        },
        {
            "REQUEST",
            Request(DhcpFlagBits.Broadcast,
                new MessageTypeOption(DhcpMessageType.Request), ClientIdOption, new RequestedAddressOption(Guest), new ServerIdentifierOption(Server),
                new MaxMessageSizeOption(1500)),
            RfcPacket.Build(1, Xid, flags: Broadcast, options: [53, 1, 3, .. ClientId, 50, 4, .. GuestAddress, .. ServerId, 57, 2, 0x05, 0xdc, 255])
        },
        {
            "DECLINE",
            Request(DhcpFlagBits.None,
                new MessageTypeOption(DhcpMessageType.Decline), new RequestedAddressOption(Guest), new ServerIdentifierOption(Server), ClientIdOption),
            RfcPacket.Build(1, Xid, options: [53, 1, 4, 50, 4, .. GuestAddress, .. ServerId, .. ClientId, 255])
        },
        {
            "ACK",
            Reply(DhcpFlagBits.Broadcast, Guest,
            [
                new MessageTypeOption(DhcpMessageType.Ack), new ServerIdentifierOption(Server), new LeaseTimeOption(259200),
                new RenewalTimeOption(129600), new RebindingTimeOption(226800), ClientIdOption,
                new ClientFqdnOption(ClientFqdnFlagBits.ServerUpdate | ClientFqdnFlagBits.Encoded, "xen1.xen.", 255, 255), .. ParameterOptions,
            ]),
            RfcPacket.Build(2, Xid, flags: Broadcast, yiaddr: GuestAddress, options:
            [
                53, 1, 5, .. ServerId, .. LeaseTimes, .. ClientId,
                81, 13, 0x05, 255, 255, 4, (byte)'x', (byte)'e', (byte)'n', (byte)'1', 3, (byte)'x', (byte)'e', (byte)'n', 0,
                .. Parameters, 255,
            ])
        },
        {
            "NAK",
            Reply(DhcpFlagBits.Broadcast, IPAddress.Any,
                new MessageTypeOption(DhcpMessageType.Nak), new ServerIdentifierOption(Server), new MessageOption("wrong network")),
            RfcPacket.Build(2, Xid, flags: Broadcast, options:
                [53, 1, 6, .. ServerId, 56, 13, .. "wrong network"u8, 255])
        },
        {
            "RELEASE",
            Request(DhcpFlagBits.None, new MessageTypeOption(DhcpMessageType.Release), new ServerIdentifierOption(Server), ClientIdOption)
                with { ClientAddress = Guest },
            RfcPacket.Build(1, Xid, ciaddr: GuestAddress, options: [53, 1, 7, .. ServerId, .. ClientId, 255])
        },
        {
            "INFORM",
            Request(DhcpFlagBits.None, new MessageTypeOption(DhcpMessageType.Inform),
                new ParameterRequestListOption([DhcpOptionCode.DomainNameServer, DhcpOptionCode.DomainSearch]))
                with { ClientAddress = Guest },
            RfcPacket.Build(1, Xid, ciaddr: GuestAddress, options: [53, 1, 8, 55, 2, 6, 119, 255])
        },
        {
            "ACK to INFORM",
            Reply(DhcpFlagBits.None, IPAddress.Any,
                new MessageTypeOption(DhcpMessageType.Ack), new ServerIdentifierOption(Server),
                new DomainNameServerOption([Server]), new DomainSearchOption(["xen"])) with { ClientAddress = Guest },
            RfcPacket.Build(2, Xid, ciaddr: GuestAddress, options:
                [53, 1, 5, .. ServerId, 6, 4, 192, 168, 0, 254, 119, 5, 3, (byte)'x', (byte)'e', (byte)'n', 0, 255])
        },
    };

    [Theory]
    [MemberData(nameof(Conversation))]
    public void Encodes_to_the_hand_built_octets(string type, DhcpMessage message, byte[] expected)
    {
        var result = DhcpEncoder.Encode(message);

        Assert.Equal(expected, result.Packet.ToArray());
        Assert.Empty(result.DroppedOptions);
        AssertType(type, message);
    }

    [Theory]
    [MemberData(nameof(Conversation))]
    public void Decodes_the_hand_built_octets(string type, DhcpMessage expected, byte[] packet)
    {
        var message = DhcpDecoder.Decode(packet);

        Assert.Equal(expected, message);
        AssertType(type, message);
    }

    private static void AssertType(string type, DhcpMessage message) =>
        Assert.Equal(type.Split(' ')[0], message.MessageType.ToString(), ignoreCase: true);

    private static DhcpMessage Request(DhcpFlagBits flags, params DhcpOption[] options) => new()
    {
        Operation = DhcpOperation.BootRequest,
        TransactionId = 0x3903f326,
        Flags = flags,
        ClientHardwareAddress = Chaddr,
        Options = new DhcpOptionSet(options),
    };

    private static DhcpMessage Reply(DhcpFlagBits flags, IPAddress yiaddr, params DhcpOption[] options) =>
        Request(flags) with { Operation = DhcpOperation.BootReply, YourAddress = yiaddr, Options = new DhcpOptionSet(options) };
}
