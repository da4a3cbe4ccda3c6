using System.Buffers.Binary;

namespace XenMesh.Node.Dhcp.Codec;

/// <summary>
/// Writes DHCPv4 packets: the options in the message's order (its priority order, see
/// <see cref="DhcpReplyOptions.Select"/>), split and overloaded as <see cref="DhcpOptionPacker"/>
/// describes, within <c>maxLength</c> octets of DHCP payload and padded to the 300-octet BOOTP minimum.
/// </summary>
public static class DhcpEncoder
{
    /// <param name="message">The message; nothing from any request is copied in implicitly.</param>
    /// <param name="maxLength">
    /// The largest DHCP payload allowed: <see cref="DhcpLimits.DefaultMaxReplyLength"/> (576 octets
    /// with IP and UDP headers) unless the client's option 57 allows more, see
    /// <see cref="DhcpReplyOptions.MaxReplyLength"/>.
    /// </param>
    public static DhcpEncodeResult Encode(DhcpMessage message, int maxLength = DhcpLimits.DefaultMaxReplyLength)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, DhcpLimits.BootpMinimumLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxLength, DhcpLimits.MaxMessageLength);

        var packet = new byte[maxLength];
        WriteHeader(packet, message);
        var packer = new DhcpOptionPacker(packet, message.Options, message.BootFileName.Length == 0, message.ServerName.Length == 0);
        var dropped = packer.Place();
        var length = packer.Finish();
        return new DhcpEncodeResult(packet.AsMemory(0, length), dropped);
    }

    private static void WriteHeader(Span<byte> packet, DhcpMessage message)
    {
        packet[DhcpLayout.Operation] = (byte)message.Operation;
        packet[DhcpLayout.HardwareType] = message.HardwareType;
        packet[DhcpLayout.HardwareAddressLength] = message.HardwareAddressLength;
        packet[DhcpLayout.Hops] = message.Hops;
        BinaryPrimitives.WriteUInt32BigEndian(packet[DhcpLayout.TransactionId..], message.TransactionId);
        BinaryPrimitives.WriteUInt16BigEndian(packet[DhcpLayout.Seconds..], message.Seconds);
        BinaryPrimitives.WriteUInt16BigEndian(packet[DhcpLayout.Flags..], (ushort)message.Flags);
        Ipv4.Write(message.ClientAddress, packet[DhcpLayout.ClientAddress..]);
        Ipv4.Write(message.YourAddress, packet[DhcpLayout.YourAddress..]);
        Ipv4.Write(message.ServerAddress, packet[DhcpLayout.ServerAddress..]);
        Ipv4.Write(message.RelayAddress, packet[DhcpLayout.RelayAddress..]);
        message.ClientHardwareAddress.CopyTo(packet[DhcpLayout.ClientHardwareAddress..]);
        Latin1.Encode(message.ServerName, packet[DhcpLayout.ServerName..]);
        Latin1.Encode(message.BootFileName, packet[DhcpLayout.BootFileName..]);
        BinaryPrimitives.WriteUInt32BigEndian(packet[DhcpLayout.MagicCookie..], DhcpLayout.MagicCookieValue);
    }
}
