using System.Net;
using XenMesh.Messages.Values;
using XenMesh.Node.Dhcp.Codec;
using XenMesh.Node.Dhcp.Server;

namespace XenMesh.Tests.Dhcp.Server;

/// <summary>Client messages as the server's tests need them: a guest on br0 192.168.0.254/24.</summary>
internal static class Requests
{
    public static readonly Ipv4Interface BridgeInterface = Ipv4Interface.TryParse("192.168.0.254/24", out var bridge, out _) ? bridge : default;

    public static readonly DhcpServerIdentity Identity = new(BridgeInterface, "xen");

    public static readonly MacAddress Mac = MacAddress.Parse("aa:cc:00:00:00:05");

    public static IPAddress Ip(string address) => IPAddress.Parse(address);

    public static DhcpMessage Message(DhcpMessageType type, params DhcpOption[] options) => new()
    {
        TransactionId = 0x1234abcd,
        ClientHardwareAddress = ClientHardwareAddress.FromMac(Mac),
        Options = [new MessageTypeOption(type), .. options],
    };
}
