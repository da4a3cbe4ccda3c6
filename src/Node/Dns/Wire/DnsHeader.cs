using System.Buffers.Binary;

namespace XenMesh.Node.Dns.Wire;

/// <summary>
/// The header's ID and flag word (RFC 1035 §4.1.1); the four counts are not part of it, they follow from
/// the sections of a <see cref="DnsMessage"/>. The flag properties read single bits of <see cref="Flags"/>.
/// </summary>
/// <param name="Id">The query ID the response copies.</param>
/// <param name="Flags">QR, OPCODE, AA, TC, RD, RA, Z, AD, CD and RCODE as on the wire.</param>
public readonly record struct DnsHeader(ushort Id, ushort Flags)
{
    public const ushort ResponseBit = 0x8000;
    public const ushort AuthoritativeBit = 0x0400;
    public const ushort TruncatedBit = 0x0200;
    public const ushort RecursionDesiredBit = 0x0100;
    public const ushort RecursionAvailableBit = 0x0080;
    public const ushort ZBit = 0x0040;
    public const ushort AuthenticDataBit = 0x0020;
    public const ushort CheckingDisabledBit = 0x0010;

    public bool IsResponse => (Flags & ResponseBit) != 0;

    public DnsOpcode Opcode => (DnsOpcode)((Flags >> 11) & 0xf);

    public bool IsAuthoritative => (Flags & AuthoritativeBit) != 0;

    public bool IsTruncated => (Flags & TruncatedBit) != 0;

    public bool RecursionDesired => (Flags & RecursionDesiredBit) != 0;

    public bool RecursionAvailable => (Flags & RecursionAvailableBit) != 0;

    public bool AuthenticData => (Flags & AuthenticDataBit) != 0;

    public bool CheckingDisabled => (Flags & CheckingDisabledBit) != 0;

    /// <summary>The header's 4 RCODE bits (the lower bits of an extended RCODE).</summary>
    public int Rcode => Flags & 0xf;

    /// <summary>The header with <paramref name="rcode"/>'s lower 4 bits in the RCODE field.</summary>
    public DnsHeader WithRcode(DnsResponseCode rcode) => this with { Flags = (ushort)((Flags & 0xfff0) | ((int)rcode & 0xf)) };

    /// <summary>The header with <paramref name="bits"/> set (true) or cleared (false).</summary>
    public DnsHeader With(ushort bits, bool set) => this with { Flags = set ? (ushort)(Flags | bits) : (ushort)(Flags & ~bits) };

    /// <summary>The header with <paramref name="opcode"/> in the OPCODE field.</summary>
    public DnsHeader WithOpcode(DnsOpcode opcode) => this with { Flags = (ushort)((Flags & 0x87ff) | (((int)opcode & 0xf) << 11)) };

    /// <summary>Reads ID and flags from the first 4 octets; the caller has checked the length.</summary>
    public static DnsHeader Read(ReadOnlySpan<byte> message) =>
        new(BinaryPrimitives.ReadUInt16BigEndian(message), BinaryPrimitives.ReadUInt16BigEndian(message[2..]));

    /// <summary>Writes ID and flags into the first 4 octets of <paramref name="destination"/>.</summary>
    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, Id);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], Flags);
    }
}
