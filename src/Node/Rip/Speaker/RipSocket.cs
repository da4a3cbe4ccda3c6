using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text;

namespace XenMesh.Node.Rip.Speaker;

/// <summary>
/// The speaker's UDP socket: the RIP port on the wildcard address, bound to the LAN device with
/// SO_BINDTODEVICE so it neither hears nor speaks on any other interface. For multicast it joins
/// 224.0.0.9 on that device, sends through it (IP_MULTICAST_IF) with TTL 1 as RFC 2453 requires, and
/// does not hear its own updates.
/// </summary>
internal static class RipSocket
{
    private const int SolSocket = 1;
    private const int SoBindToDevice = 25;

    /// <summary>The bound socket; throws <see cref="SocketException"/> when the device does not exist or has no IPv4.</summary>
    public static Socket Open(RipSpeakerOptions options)
    {
        var index = IndexOf(options.Device);
        if (index == 0)
            throw new SocketException((int)SocketError.AddressNotAvailable, $"no IPv4 interface named {options.Device}");
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.SetRawSocketOption(SolSocket, SoBindToDevice, Encoding.ASCII.GetBytes(options.Device + "\0"));
            socket.Bind(new IPEndPoint(IPAddress.Any, options.Port));
            if (options.Multicast)
            {
                socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership, new MulticastOption(RipSpeakerOptions.Group, index));
                socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastInterface, IPAddress.HostToNetworkOrder(index));
                socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastTimeToLive, 1);
                socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastLoopback, false);
            }

            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static int IndexOf(string device)
    {
        var link = NetworkInterface.GetAllNetworkInterfaces().FirstOrDefault(n => n.Name == device);
        return link?.GetIPProperties().GetIPv4Properties()?.Index ?? 0;
    }
}
