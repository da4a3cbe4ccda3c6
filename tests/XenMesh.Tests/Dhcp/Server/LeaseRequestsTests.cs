using XenMesh.Node.Dhcp.Codec;
using XenMesh.Node.Dhcp.Leases;
using XenMesh.Node.Dhcp.Server;
using static XenMesh.Node.Dhcp.Leases.LeasePoolProtocol;
using static XenMesh.Tests.Dhcp.Server.Requests;

namespace XenMesh.Tests.Dhcp.Server;

/// <summary>Which pool command each client message and REQUEST state becomes (protocol-rules D4).</summary>
public sealed class LeaseRequestsTests
{
    private static readonly LeaseClient Client = new(Mac, Vif: "vif5.0");

    [Fact]
    public void The_client_carries_chaddr_option_61_in_hex_options_81_and_12_and_where_it_came_from()
    {
        var request = Message(
            DhcpMessageType.Discover,
            new ClientIdentifierOption([1, 0xaa, 0xcc, 0, 0, 0, 5]),
            new ClientFqdnOption(ClientFqdnFlagBits.Encoded, "xen1.xen."),
            new HostNameOption("xen1.xen"));

        var client = LeaseRequests.ClientOf(request, Mac, "vif5.0", "xen1");

        Assert.Equal(new LeaseClient(Mac, "01aacc00000005", "vif5.0", "xen1", "xen1.xen.", "xen1.xen"), client);
        Assert.Equal(new LeaseClient(Mac), LeaseRequests.ClientOf(Message(DhcpMessageType.Discover), Mac, null, null));
    }

    public static TheoryData<string, DhcpMessage, bool, object> Cases() => new()
    {
        { "DISCOVER", Message(DhcpMessageType.Discover), true, new Discover(Client) },
        { "DISCOVER asking for an address", Message(DhcpMessageType.Discover, new RequestedAddressOption(Ip("192.168.0.7"))), true, new Discover(Client, Ip("192.168.0.7")) },
        {
            "SELECTING", Message(DhcpMessageType.Request, new ServerIdentifierOption(Ip("192.168.0.254")), new RequestedAddressOption(Ip("192.168.0.7"))), true,
            new RequestSelecting(Client, Ip("192.168.0.254"), Ip("192.168.0.7"))
        },
        {
            "SELECTING another server", Message(DhcpMessageType.Request, new ServerIdentifierOption(Ip("192.168.0.1")), new RequestedAddressOption(Ip("192.168.0.7"))), true,
            new RequestSelecting(Client, Ip("192.168.0.1"), Ip("192.168.0.7"))
        },
        { "SELECTING without option 50", Message(DhcpMessageType.Request, new ServerIdentifierOption(Ip("192.168.0.254"))), true, DhcpDropReason.IncompleteRequest },
        { "INIT-REBOOT", Message(DhcpMessageType.Request, new RequestedAddressOption(Ip("10.9.9.9"))), true, new RequestInitReboot(Client, Ip("10.9.9.9")) },
        { "RENEWING: ciaddr, unicast", Message(DhcpMessageType.Request) with { ClientAddress = Ip("192.168.0.7") }, false, new RequestRenewing(Client, Ip("192.168.0.7")) },
        { "REBINDING: ciaddr, broadcast", Message(DhcpMessageType.Request) with { ClientAddress = Ip("192.168.0.7") }, true, new RequestRebinding(Client, Ip("192.168.0.7")) },
        {
            "a relayed renewal is a broadcast the relay forwarded", Message(DhcpMessageType.Request) with { ClientAddress = Ip("192.168.0.7"), RelayAddress = Ip("192.168.0.100") }, false,
            new RequestRebinding(Client, Ip("192.168.0.7"))
        },
        {
            "a renewal naming this server in option 54", Message(DhcpMessageType.Request, new ServerIdentifierOption(Ip("192.168.0.254"))) with { ClientAddress = Ip("192.168.0.7") }, false,
            new RequestRenewing(Client, Ip("192.168.0.7"))
        },
        {
            "a renewal naming another server", Message(DhcpMessageType.Request, new ServerIdentifierOption(Ip("192.168.0.1"))) with { ClientAddress = Ip("192.168.0.7") }, false,
            DhcpDropReason.OtherServer
        },
        { "a REQUEST revealing no state", Message(DhcpMessageType.Request), true, DhcpDropReason.IncompleteRequest },
        { "DECLINE", Message(DhcpMessageType.Decline, new RequestedAddressOption(Ip("192.168.0.7"))), true, new Decline(Client, Ip("192.168.0.7")) },
        { "DECLINE without option 50", Message(DhcpMessageType.Decline), true, DhcpDropReason.IncompleteRequest },
        { "RELEASE", Message(DhcpMessageType.Release) with { ClientAddress = Ip("192.168.0.7") }, false, new Release(Client, Ip("192.168.0.7")) },
        { "RELEASE without ciaddr", Message(DhcpMessageType.Release), false, DhcpDropReason.IncompleteRequest },
        { "INFORM", Message(DhcpMessageType.Inform) with { ClientAddress = Ip("192.168.0.7") }, false, new Inform(Client, Ip("192.168.0.7")) },
        { "INFORM without ciaddr", Message(DhcpMessageType.Inform), true, DhcpDropReason.IncompleteRequest },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_message_and_request_state_maps_to_its_pool_command(string what, DhcpMessage request, bool broadcast, object expected)
    {
        var (command, drop) = LeaseRequests.CommandFor(request, Client, broadcast, BridgeInterface.Address);

        Assert.True(Equals(expected, (object?)command ?? drop), $"{what}: expected {expected}, got {(object?)command ?? drop}");
    }
}
