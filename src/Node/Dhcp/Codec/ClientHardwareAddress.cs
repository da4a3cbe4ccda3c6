using System.Buffers.Binary;
using System.Globalization;
using XenMesh.Messages.Values;

namespace XenMesh.Node.Dhcp.Codec;

/// <summary>The 16-octet <c>chaddr</c> field; for Ethernet (<c>hlen</c> 6) the MAC is its first six octets.</summary>
public readonly record struct ClientHardwareAddress
{
    /// <summary>The size of the field on the wire.</summary>
    public const int Length = 16;

    private readonly ulong _high;
    private readonly ulong _low;

    private ClientHardwareAddress(ulong high, ulong low)
    {
        _high = high;
        _low = low;
    }

    /// <summary>Up to 16 octets; shorter input is zero-padded as on the wire.</summary>
    public static ClientHardwareAddress FromBytes(ReadOnlySpan<byte> octets)
    {
        if (octets.Length > Length)
            throw new ArgumentException($"chaddr holds at most {Length} octets", nameof(octets));
        Span<byte> field = stackalloc byte[Length];
        octets.CopyTo(field);
        return new(BinaryPrimitives.ReadUInt64BigEndian(field), BinaryPrimitives.ReadUInt64BigEndian(field[8..]));
    }

    public static ClientHardwareAddress FromMac(MacAddress mac) => FromBytes(mac.ToBytes());

    /// <summary>True when the first six octets are <paramref name="mac"/> (the rest is the client's padding).</summary>
    public bool StartsWith(MacAddress mac)
    {
        Span<byte> field = stackalloc byte[Length];
        CopyTo(field);
        return field[..6].SequenceEqual(mac.ToBytes());
    }

    public void CopyTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, _high);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _low);
    }

    /// <summary>The first <paramref name="length"/> octets (a message's <c>hlen</c>, capped at 16) in colon hex.</summary>
    public string Format(int length)
    {
        Span<byte> field = stackalloc byte[Length];
        CopyTo(field);
        var octets = field[..Math.Clamp(length, 0, Length)].ToArray();
        return string.Join(':', octets.Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
    }

    public override string ToString() => Format(Length);
}
