using System.Buffers.Binary;
using System.Security.Cryptography;

namespace XenMesh.Node.Rip.Codec;

/// <summary>
/// The keyed-MD5 digest of RFC 2082 / RFC 4822 §2.5: MD5 over the packet up to and including the
/// trailer's 0xFFFF 0x0001, followed by the key padded with NULs to 16 octets. The digest then
/// replaces that key in the trailer.
/// </summary>
public static class RipKeyedMd5
{
    /// <summary>Keys are at most 16 octets (RFC 2082 §3.2).</summary>
    public const int MaxKeyLength = RipLayout.Md5DigestLength;

    /// <summary>Writes the digest into the trailer of an encoded keyed-MD5 packet.</summary>
    public static void Sign(Span<byte> packet, ReadOnlySpan<byte> key)
    {
        var digest = Compute(packet, key);
        digest.CopyTo(packet[^RipLayout.Md5DigestLength..]);
    }

    /// <summary>True when the packet's trailer holds the digest this key gives; false for any other packet.</summary>
    public static bool Verify(ReadOnlySpan<byte> packet, ReadOnlySpan<byte> key)
    {
        if (packet.Length < RipLayout.HeaderLength + RipLayout.EntryLength + RipLayout.Md5TrailerLength
            || packet.Length > RipLayout.MaxPacketLength
            || key.Length > MaxKeyLength
            || BinaryPrimitives.ReadUInt16BigEndian(packet[RipLayout.HeaderLength..]) != RipLayout.FamilyAuthentication
            || BinaryPrimitives.ReadUInt16BigEndian(packet[(RipLayout.HeaderLength + 2)..]) != RipLayout.AuthenticationKeyedMd5)
            return false;
        var expected = Compute(packet, key);
        return CryptographicOperations.FixedTimeEquals(expected, packet[^RipLayout.Md5DigestLength..]);
    }

    private static byte[] Compute(ReadOnlySpan<byte> packet, ReadOnlySpan<byte> key)
    {
        if (key.Length > MaxKeyLength)
            throw new ArgumentException($"a keyed-MD5 key is at most {MaxKeyLength} octets", nameof(key));
        if (packet.Length > RipLayout.MaxPacketLength)
            throw new ArgumentException($"{packet.Length} octets is longer than any RIP packet", nameof(packet));
        Span<byte> input = stackalloc byte[RipLayout.MaxPacketLength];
        var signed = packet[..^RipLayout.Md5DigestLength];
        signed.CopyTo(input);
        input.Slice(signed.Length, RipLayout.Md5DigestLength).Clear();
        key.CopyTo(input[signed.Length..]);
#pragma warning disable CA5351 // RFC 2082 fixes MD5; the peer routers accept nothing else under this type.
        return MD5.HashData(input[..packet.Length]);
#pragma warning restore CA5351
    }
}
