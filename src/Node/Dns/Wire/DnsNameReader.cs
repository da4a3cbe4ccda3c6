namespace XenMesh.Node.Dns.Wire;

/// <summary>
/// Reads a possibly compressed name out of a message under RFC 9267's rules, without allocating: every
/// length is checked against the octets present, labels with the reserved prefixes are rejected, and a
/// compression pointer must point strictly before the start of the name segment it ends. That last rule
/// makes every jump go further back than the one before, so forward pointers, pointers past the end,
/// self-pointers and loops are all rejected, and the work per name is bounded by the message length.
/// </summary>
public static class DnsNameReader
{
    /// <summary>
    /// Decompresses the name at <paramref name="offset"/> into <paramref name="destination"/> (uncompressed
    /// wire form, the root label included, letter case kept).
    /// </summary>
    /// <param name="message">The whole message (pointers are offsets into it).</param>
    /// <param name="offset">Where the name starts.</param>
    /// <param name="destination">At least <see cref="DnsLimits.MaxNameLength"/> octets.</param>
    /// <param name="length">The octets written to <paramref name="destination"/>.</param>
    /// <param name="next">The offset just after the name where it was found (after its first pointer, if any).</param>
    /// <returns><see cref="DnsFormatError.None"/>, or why the name is malformed.</returns>
    public static DnsFormatError TryRead(ReadOnlySpan<byte> message, int offset, Span<byte> destination, out int length, out int next)
    {
        length = 0;
        next = -1;
        var position = offset;
        var segmentStart = offset;
        while (true)
        {
            if ((uint)position >= (uint)message.Length)
                return DnsFormatError.TruncatedName;
            var octet = message[position];
            switch (octet & 0xc0)
            {
                case 0x00:
                    if (length + octet + 1 > DnsLimits.MaxNameLength)
                        return DnsFormatError.NameTooLong;
                    if (octet == 0)
                    {
                        destination[length++] = 0;
                        if (next < 0)
                            next = position + 1;
                        return DnsFormatError.None;
                    }

                    if (position + 1 + octet > message.Length)
                        return DnsFormatError.TruncatedName;
                    message.Slice(position, octet + 1).CopyTo(destination[length..]);
                    length += octet + 1;
                    position += octet + 1;
                    break;
                case 0xc0:
                    if (position + 1 >= message.Length)
                        return DnsFormatError.TruncatedName;
                    var target = ((octet & 0x3f) << 8) | message[position + 1];
                    if (target >= segmentStart)
                        return DnsFormatError.BadPointer;
                    if (next < 0)
                        next = position + 2;
                    position = target;
                    segmentStart = target;
                    break;
                default:
                    return DnsFormatError.BadLabelType;
            }
        }
    }

    /// <summary>True when the two spans are equal with ASCII letters compared case-insensitively (RFC 4343); other octets must match exactly.</summary>
    public static bool EqualsIgnoreCase(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        if (a.Length != b.Length)
            return false;
        for (var i = 0; i < a.Length; i++)
        {
            if (a[i] != b[i] && Lower(a[i]) != Lower(b[i]))
                return false;
        }

        return true;
    }

    /// <summary>The octet with an ASCII upper-case letter lower-cased.</summary>
    public static byte Lower(byte b) => b is >= (byte)'A' and <= (byte)'Z' ? (byte)(b | 0x20) : b;

    /// <summary>ASCII lower-cases a wire-form name in place (length octets are below 64, so they stay as they are).</summary>
    public static void ToLower(Span<byte> wire)
    {
        for (var i = 0; i < wire.Length; i++)
        {
            var b = wire[i];
            if (b is >= (byte)'A' and <= (byte)'Z')
                wire[i] = (byte)(b | 0x20);
        }
    }
}
