using System.Buffers.Binary;

namespace XenMesh.Node.Dhcp.Codec;

/// <summary>
/// Reads DHCPv4 packets. Trusts no length octet, does work linear in the packet, and throws only
/// <see cref="DhcpFormatException"/>, whose <see cref="DhcpFormatException.Reason"/> the server counts.
/// </summary>
public static class DhcpDecoder
{
    public static DhcpMessage Decode(ReadOnlyMemory<byte> packet) => Decode(packet.Span);

    public static DhcpMessage Decode(ReadOnlySpan<byte> packet)
    {
        if (packet.Length > DhcpLimits.MaxMessageLength)
            throw new DhcpFormatException(DhcpFormatError.MessageTooLong, $"{packet.Length} octets is longer than any UDP payload");
        if (packet.Length < DhcpLimits.MinimumMessageLength)
            throw new DhcpFormatException(DhcpFormatError.TruncatedHeader, $"{packet.Length} octets is shorter than the {DhcpLimits.MinimumMessageLength}-octet header");
        if (BinaryPrimitives.ReadUInt32BigEndian(packet[DhcpLayout.MagicCookie..]) != DhcpLayout.MagicCookieValue)
            throw new DhcpFormatException(DhcpFormatError.BadMagicCookie, "no DHCP magic cookie after the fixed header");

        var scanner = new DhcpOptionScanner();
        scanner.Scan(packet, DhcpLayout.Options, packet.Length - DhcpLayout.Options, isOptionsField: true);
        var overload = scanner.Overload(packet);
        var fileHoldsOptions = (overload & DhcpLayout.OverloadFile) != 0;
        var serverNameHoldsOptions = (overload & DhcpLayout.OverloadServerName) != 0;
        if (fileHoldsOptions)
            scanner.Scan(packet, DhcpLayout.BootFileName, DhcpMessage.BootFileNameLength, isOptionsField: false);
        if (serverNameHoldsOptions)
            scanner.Scan(packet, DhcpLayout.ServerName, DhcpMessage.ServerNameLength, isOptionsField: false);

        return new DhcpMessage
        {
            Operation = (DhcpOperation)packet[DhcpLayout.Operation],
            HardwareType = packet[DhcpLayout.HardwareType],
            HardwareAddressLength = packet[DhcpLayout.HardwareAddressLength],
            Hops = packet[DhcpLayout.Hops],
            TransactionId = BinaryPrimitives.ReadUInt32BigEndian(packet[DhcpLayout.TransactionId..]),
            Seconds = BinaryPrimitives.ReadUInt16BigEndian(packet[DhcpLayout.Seconds..]),
            Flags = (DhcpFlagBits)BinaryPrimitives.ReadUInt16BigEndian(packet[DhcpLayout.Flags..]),
            ClientAddress = Ipv4.Read(packet[DhcpLayout.ClientAddress..]),
            YourAddress = Ipv4.Read(packet[DhcpLayout.YourAddress..]),
            ServerAddress = Ipv4.Read(packet[DhcpLayout.ServerAddress..]),
            RelayAddress = Ipv4.Read(packet[DhcpLayout.RelayAddress..]),
            ClientHardwareAddress = ClientHardwareAddress.FromBytes(packet.Slice(DhcpLayout.ClientHardwareAddress, ClientHardwareAddress.Length)),
            ServerName = serverNameHoldsOptions ? "" : Field(packet.Slice(DhcpLayout.ServerName, DhcpMessage.ServerNameLength)),
            BootFileName = fileHoldsOptions ? "" : Field(packet.Slice(DhcpLayout.BootFileName, DhcpMessage.BootFileNameLength)),
            Options = scanner.Interpret(packet),
        };
    }

    private static string Field(ReadOnlySpan<byte> field)
    {
        var nul = field.IndexOf((byte)0);
        return Latin1.Decode(nul < 0 ? field : field[..nul]);
    }
}
