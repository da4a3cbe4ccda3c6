using System.Net;
using System.Net.Sockets;

namespace XenMesh.Node.Dhcp.Codec;

/// <summary>IPv4 addresses on the wire: every address field and option of DHCPv4 is four octets.</summary>
internal static class Ipv4
{
    public static IPAddress Require(IPAddress address, string parameter)
    {
        ArgumentNullException.ThrowIfNull(address, parameter);
        if (address.AddressFamily != AddressFamily.InterNetwork)
            throw new ArgumentException($"{address} is not an IPv4 address", parameter);
        return address;
    }

    public static IPAddress Read(ReadOnlySpan<byte> octets) => new(octets[..4]);

    public static void Write(IPAddress address, Span<byte> destination) => address.TryWriteBytes(destination, out _);
}
