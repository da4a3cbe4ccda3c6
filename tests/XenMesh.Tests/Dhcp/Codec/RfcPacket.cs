namespace XenMesh.Tests.Dhcp.Codec;

/// <summary>
/// Lays out packets octet by octet after RFC 2131 Figure 1, without the codec under test:
/// op htype hlen hops | xid | secs flags | ciaddr | yiaddr | siaddr | giaddr | chaddr[16] |
/// sname[64] | file[128] | 99 130 83 99 | options, zero-padded to <c>padTo</c>.
/// </summary>
internal static class RfcPacket
{
    public static readonly byte[] Mac = [0x00, 0x16, 0x3e, 0x12, 0x34, 0x56];

    public static byte[] Build(
        byte op,
        byte[] xid,
        byte[] options,
        byte[]? secs = null,
        byte[]? flags = null,
        byte[]? ciaddr = null,
        byte[]? yiaddr = null,
        byte[]? siaddr = null,
        byte[]? giaddr = null,
        byte[]? chaddr = null,
        byte[]? sname = null,
        byte[]? file = null,
        int padTo = 300,
        byte htype = 1,
        byte hlen = 6,
        byte hops = 0)
    {
        var packet = new List<byte> { op, htype, hlen, hops };
        Append(packet, xid, 4);
        Append(packet, secs ?? [], 2);
        Append(packet, flags ?? [], 2);
        Append(packet, ciaddr ?? [], 4);
        Append(packet, yiaddr ?? [], 4);
        Append(packet, siaddr ?? [], 4);
        Append(packet, giaddr ?? [], 4);
        Append(packet, chaddr ?? Mac, 16);
        Append(packet, sname ?? [], 64);
        Append(packet, file ?? [], 128);
        packet.AddRange([99, 130, 83, 99]);
        packet.AddRange(options);
        while (packet.Count < padTo)
            packet.Add(0);
        return [.. packet];
    }

    /// <summary>A DISCOVER-like request with the given options area (nothing padded unless asked).</summary>
    public static byte[] Request(byte[] options, int padTo = 0, byte[]? sname = null, byte[]? file = null) =>
        Build(1, [0xde, 0xad, 0xbe, 0xef], options, sname: sname, file: file, padTo: padTo);

    private static void Append(List<byte> packet, byte[] field, int length)
    {
        if (field.Length > length)
            throw new ArgumentException($"field of {field.Length} octets is longer than {length}");
        packet.AddRange(field);
        packet.AddRange(new byte[length - field.Length]);
    }
}
