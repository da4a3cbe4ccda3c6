using XenMesh.Node.Dhcp.Codec;
using XenMesh.Node.Dhcp.Server;
using static XenMesh.Tests.Dhcp.Server.Requests;

namespace XenMesh.Tests.Dhcp.Server;

public sealed class DhcpRequestRulesTests
{
    private static readonly DhcpMessage Discover = Message(DhcpMessageType.Discover);

    public static TheoryData<string, DhcpMessage, DhcpDropReason?> Cases() => new()
    {
        { "a guest's DISCOVER", Discover, null },
        { "REQUEST, DECLINE, RELEASE and INFORM are client messages", Message(DhcpMessageType.Inform), null },
        { "a server's reply", Discover with { Operation = DhcpOperation.BootReply }, DhcpDropReason.NotBootRequest },
        { "token ring", Discover with { HardwareType = 6 }, DhcpDropReason.NotEthernet },
        { "a 16-octet hardware address", Discover with { HardwareAddressLength = 16 }, DhcpDropReason.NotEthernet },
        { "an all-zero chaddr", Discover with { ClientHardwareAddress = ClientHardwareAddress.FromBytes(new byte[6]) }, DhcpDropReason.BadHardwareAddress },
        { "a multicast chaddr", Discover with { ClientHardwareAddress = ClientHardwareAddress.FromBytes([1, 0, 0x5e, 0, 0, 1]) }, DhcpDropReason.BadHardwareAddress },
        { "hops on a packet no relay forwarded", Discover with { Hops = 1 }, DhcpDropReason.BadHops },
        { "a relay on the bridge subnet", Discover with { RelayAddress = Ip("192.168.0.100"), Hops = 1 }, null },
        { "a relayed packet past the hop limit", Discover with { RelayAddress = Ip("192.168.0.100"), Hops = 17 }, DhcpDropReason.BadHops },
        { "a relay outside the subnet", Discover with { RelayAddress = Ip("10.1.1.1") }, DhcpDropReason.ForeignRelay },
        { "a relay claiming the bridge address", Discover with { RelayAddress = Ip("192.168.0.254") }, DhcpDropReason.ForeignRelay },
        { "a relay claiming the network address", Discover with { RelayAddress = Ip("192.168.0.0") }, DhcpDropReason.ForeignRelay },
        { "a relay claiming the broadcast address", Discover with { RelayAddress = Ip("192.168.0.255") }, DhcpDropReason.ForeignRelay },
        { "BOOTP", Discover with { Options = DhcpOptionSet.Empty }, DhcpDropReason.Bootp },
        { "a client sending an OFFER", Message(DhcpMessageType.Offer), DhcpDropReason.NotClientMessage },
        { "a client sending an ACK", Message(DhcpMessageType.Ack), DhcpDropReason.NotClientMessage },
        { "a client sending a NAK", Message(DhcpMessageType.Nak), DhcpDropReason.NotClientMessage },
        { "a lease query (type 10)", Message((DhcpMessageType)10), DhcpDropReason.NotClientMessage },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Only_ethernet_client_messages_from_the_bridge_or_a_relay_on_it_are_served(string what, DhcpMessage request, DhcpDropReason? expected)
    {
        Assert.True(expected == DhcpRequestRules.Check(request, BridgeInterface), what);
    }
}
