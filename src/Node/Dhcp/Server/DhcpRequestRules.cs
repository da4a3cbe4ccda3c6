using System.Net;
using XenMesh.Messages.Values;
using XenMesh.Node.Dhcp.Codec;

namespace XenMesh.Node.Dhcp.Server;

/// <summary>
/// Which decoded packets the server considers at all (protocol-rules D2, D3). A guest bridge has no
/// relays, yet a request relayed with <c>giaddr</c> set to a host address of the bridge subnet is
/// accepted and answered to that relay: a relay on the bridge is a host on it (perfdhcp sends this way).
/// </summary>
internal static class DhcpRequestRules
{
    /// <summary>RFC 1542 §4.1.1: relays discard requests with more hops than this.</summary>
    public const int MaxRelayHops = 16;

    private const byte EthernetHardwareType = 1;
    private const byte EthernetAddressLength = 6;

    public static bool IsRelayed(DhcpMessage request) => !request.RelayAddress.Equals(IPAddress.Any);

    /// <summary>Null when the packet is a client message to serve, else why it is dropped.</summary>
    public static DhcpDropReason? Check(DhcpMessage request, Ipv4Interface bridge)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Operation != DhcpOperation.BootRequest)
            return DhcpDropReason.NotBootRequest;
        if (request.HardwareType != EthernetHardwareType || request.HardwareAddressLength != EthernetAddressLength)
            return DhcpDropReason.NotEthernet;
        if (ClientMac(request) is null)
            return DhcpDropReason.BadHardwareAddress;
        if (IsRelayed(request))
        {
            if (!IsBridgeHost(request.RelayAddress, bridge))
                return DhcpDropReason.ForeignRelay;
            if (request.Hops > MaxRelayHops)
                return DhcpDropReason.BadHops;
        }
        else if (request.Hops != 0)
        {
            return DhcpDropReason.BadHops;
        }

        return request.MessageType switch
        {
            null => DhcpDropReason.Bootp,
            DhcpMessageType.Discover or DhcpMessageType.Request or DhcpMessageType.Decline
                or DhcpMessageType.Release or DhcpMessageType.Inform => null,
            _ => DhcpDropReason.NotClientMessage,
        };
    }

    /// <summary>The Ethernet address in <c>chaddr</c>, or null when it is zero or multicast.</summary>
    public static MacAddress? ClientMac(DhcpMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Span<byte> chaddr = stackalloc byte[ClientHardwareAddress.Length];
        request.ClientHardwareAddress.CopyTo(chaddr);
        return MacAddress.TryRead(chaddr[..EthernetAddressLength], out var mac, out _) ? mac : null;
    }

    private static bool IsBridgeHost(IPAddress address, Ipv4Interface bridge)
    {
        var subnet = bridge.Subnet;
        var value = Ipv4Subnet.ToUInt32(address);
        return subnet.Contains(address)
            && !address.Equals(bridge.Address)
            && (subnet.PrefixLength >= 31 || (value != subnet.Network && value != (subnet.Network | ~subnet.Mask)));
    }
}
