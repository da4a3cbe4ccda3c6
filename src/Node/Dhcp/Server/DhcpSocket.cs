using System.Net;
using System.Net.Sockets;
using System.Net.NetworkInformation;
using System.Text;

namespace XenMesh.Node.Dhcp.Server;

/// <summary>
/// The server's UDP socket: port 67 on the wildcard address (broadcasts to 255.255.255.255 only reach a
/// socket bound to it) but bound to one device with SO_BINDTODEVICE, so it neither hears nor answers any
/// other interface (protocol-rules B1). SO_REUSEADDR lets a socket for another bridge share the port;
/// SO_BROADCAST allows the broadcast replies; IP_PKTINFO tells whether a request was broadcast.
/// </summary>
internal static class DhcpSocket
{
    private const int SolSocket = 1;
    private const int SoBindToDevice = 25;
    private const int ReceiveBufferBytes = 4 << 20;

    /// <summary>The bound UDP socket; throws <see cref="SocketException"/> when the device does not exist.</summary>
    public static Socket Open(string device, int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Broadcast, true);
            socket.SetRawSocketOption(SolSocket, SoBindToDevice, Encoding.ASCII.GetBytes(device + "\0"));
            socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.PacketInformation, true);

            // A burst of clients (a host booting its guests, perfdhcp) must not overflow the default buffer
            // while the pool commits; the kernel caps this at net.core.rmem_max.
            socket.ReceiveBufferSize = ReceiveBufferBytes;
            socket.Bind(new IPEndPoint(IPAddress.Any, port));
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The device's ifindex, or 0 when no such device exists: a re-created bridge has a new one.</summary>
    public static int IndexOf(string device)
    {
        var link = NetworkInterface.GetAllNetworkInterfaces().FirstOrDefault(n => n.Name == device);
        return link?.GetIPProperties().GetIPv4Properties()?.Index ?? 0;
    }
}
