using System.Net;
using XenMesh.Messages.Values;
using XenMesh.Node.Dhcp.Codec;
using static XenMesh.Node.Dhcp.Codec.DhcpOptionCode;

namespace XenMesh.Tests.Dhcp.Codec;

public sealed class CapturedClientPacketTests
{
    private static readonly MacAddress GuestMac = MacAddress.Parse("00:16:3e:12:34:56");

    [Fact]
    public void Busybox_udhcpc_discover_with_a_host_name()
    {
        var message = DhcpDecoder.Decode(CodecTestData.Captured("udhcpc-discover-hostname"));

        AssertEthernetRequest(message, 0x33b63c59);
        Assert.Equal(DhcpMessageType.Discover, message.MessageType);
        Assert.Equal("xen2", message.Options.Get<HostNameOption>()?.Text);
        Assert.Equal((ushort)576, message.Options.Get<MaxMessageSizeOption>()?.Size);
        Assert.Equal([SubnetMask, Router, DomainNameServer, HostName, DomainName, BroadcastAddress, (DhcpOptionCode)42],
            message.Options.Get<ParameterRequestListOption>()?.Codes);
        Assert.Equal(new UnknownOption((DhcpOptionCode)60, [.. "udhcp 1.35.0"u8]), message.Options.Find((DhcpOptionCode)60));
        Assert.Equal(new ClientIdentifierOption([1, .. GuestMac.ToBytes()]), message.Options.Get<ClientIdentifierOption>());
        Assert.Equal([MessageType, MaxMessageSize, ParameterRequestList, HostName, (DhcpOptionCode)60, ClientIdentifier],
            message.Options.Select(o => o.Code));
    }

    [Fact]
    public void Busybox_udhcpc_discover_with_an_ascii_fqdn_and_a_requested_address()
    {
        var message = DhcpDecoder.Decode(CodecTestData.Captured("udhcpc-discover-fqdn-requested-ip"));

        AssertEthernetRequest(message, 0x0f438272);
        Assert.Equal(DhcpMessageType.Discover, message.MessageType);
        Assert.Equal(IPAddress.Parse("192.168.0.7"), message.Options.Get<RequestedAddressOption>()?.Address);
        Assert.Equal(new ClientFqdnOption(ClientFqdnFlagBits.ServerUpdate, "xen3.xen"), message.Options.Get<ClientFqdnOption>());
        Assert.Null(message.Options.Get<HostNameOption>());
        Assert.Equal(new UnknownOption((DhcpOptionCode)60, [.. "xenmesh-test"u8]), message.Options.Find((DhcpOptionCode)60));
    }

    [Fact]
    public void Isc_dhclient_discover_with_send_host_name_as_in_the_original_setup()
    {
        var message = DhcpDecoder.Decode(CodecTestData.Captured("dhclient-discover-hostname"));

        AssertEthernetRequest(message, 0xf9fdb102);
        Assert.Equal(DhcpMessageType.Discover, message.MessageType);
        Assert.Equal("xen1.xen", message.Options.Get<HostNameOption>()?.Text);
        Assert.Equal([SubnetMask, BroadcastAddress, (DhcpOptionCode)2, Router, DomainName, DomainNameServer, DomainSearch, HostName, (DhcpOptionCode)26],
            message.Options.Get<ParameterRequestListOption>()?.Codes);
        Assert.Null(message.Options.Get<ClientIdentifierOption>());
    }

    [Fact]
    public void Isc_dhclient_discover_with_an_encoded_fqdn_and_a_text_client_identifier()
    {
        var message = DhcpDecoder.Decode(CodecTestData.Captured("dhclient-discover-fqdn-encoded"));

        AssertEthernetRequest(message, 0xa238df08);
        var fqdn = message.Options.Get<ClientFqdnOption>();
        Assert.NotNull(fqdn);
        Assert.True(fqdn.IsEncoded);
        Assert.Equal(ClientFqdnFlagBits.ServerUpdate | ClientFqdnFlagBits.Encoded, fqdn.Flags);
        Assert.Equal("xen4.xen.", fqdn.Name);
        Assert.Equal((0, 0), (fqdn.Rcode1, fqdn.Rcode2));
        var clientId = message.Options.Get<ClientIdentifierOption>();
        Assert.NotNull(clientId);
        Assert.Equal((byte)'x', clientId.Type);
        Assert.Equal("xen4-client"u8.ToArray(), clientId.Value);
    }

    [Fact]
    public void Isc_dhclient_init_reboot_request_carries_the_remembered_address_and_no_server_identifier()
    {
        var message = DhcpDecoder.Decode(CodecTestData.Captured("dhclient-request-init-reboot"));

        AssertEthernetRequest(message, 0x24ea5a62);
        Assert.Equal(DhcpMessageType.Request, message.MessageType);
        Assert.Equal(IPAddress.Parse("192.168.0.17"), message.Options.Get<RequestedAddressOption>()?.Address);
        Assert.Null(message.Options.Get<ServerIdentifierOption>());
        Assert.Equal(IPAddress.Any, message.ClientAddress);
        Assert.Equal("xen1.xen", message.Options.Get<HostNameOption>()?.Text);
    }

    [Theory]
    [InlineData("udhcpc-discover-hostname")]
    [InlineData("udhcpc-discover-fqdn-requested-ip")]
    [InlineData("dhclient-discover-hostname")]
    [InlineData("dhclient-discover-fqdn-encoded")]
    [InlineData("dhclient-request-init-reboot")]
    public void Re_encoding_a_captured_packet_gives_back_its_bytes(string name)
    {
        var captured = CodecTestData.Captured(name);

        Assert.Equal(captured, DhcpEncoder.Encode(DhcpDecoder.Decode(captured)).Packet.ToArray());
    }

    private static void AssertEthernetRequest(DhcpMessage message, uint xid)
    {
        Assert.Equal(DhcpOperation.BootRequest, message.Operation);
        Assert.Equal((1, 6, 0), (message.HardwareType, message.HardwareAddressLength, message.Hops));
        Assert.Equal(xid, message.TransactionId);
        Assert.False(message.IsBroadcast);
        Assert.True(message.ClientHardwareAddress.StartsWith(GuestMac));
        Assert.Equal("00:16:3e:12:34:56", message.ClientHardwareAddress.Format(message.HardwareAddressLength));
        Assert.Equal(IPAddress.Any, message.RelayAddress);
        Assert.Equal("", message.ServerName);
        Assert.Equal("", message.BootFileName);
    }
}
