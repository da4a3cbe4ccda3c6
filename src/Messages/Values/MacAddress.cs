using System.Globalization;

namespace XenMesh.Messages.Values;

/// <summary>An Ethernet unicast address, always lower-case colon form on the way out.</summary>
public readonly record struct MacAddress
{
    private readonly ulong _value;

    private MacAddress(ulong value) => _value = value;

    /// <summary>Parses <c>aa:bb:cc:dd:ee:ff</c> (either case); refuses multicast and all-zero addresses.</summary>
    public static bool TryParse(string? text, out MacAddress mac, out string? error)
    {
        mac = default;
        if (text is null || text.Length != 17)
        {
            error = "a MAC address is six hex octets separated by ':'";
            return false;
        }

        ulong value = 0;
        for (var i = 0; i < 6; i++)
        {
            var part = text.AsSpan(i * 3, 2);
            if ((i < 5 && text[(i * 3) + 2] != ':') || !IsHex(part[0]) || !IsHex(part[1]))
            {
                error = "a MAC address is six hex octets separated by ':'";
                return false;
            }

            value = (value << 8) | byte.Parse(part, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        }

        return TryCreate(value, out mac, out error);
    }

    /// <summary>Reads six octets in wire order, refusing what <see cref="TryParse"/> refuses.</summary>
    public static bool TryRead(ReadOnlySpan<byte> octets, out MacAddress mac, out string? error)
    {
        mac = default;
        if (octets.Length != 6)
        {
            error = "a MAC address is six octets";
            return false;
        }

        ulong value = 0;
        foreach (var octet in octets)
            value = (value << 8) | octet;
        return TryCreate(value, out mac, out error);
    }

    /// <summary>Writes the six octets in wire order into <paramref name="destination"/>, which holds at least six.</summary>
    public void WriteTo(Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, 6, nameof(destination));
        for (var i = 0; i < 6; i++)
            destination[i] = (byte)(_value >> (8 * (5 - i)));
    }

    /// <summary>Parses or throws <see cref="FormatException"/> with the reason.</summary>
    public static MacAddress Parse(string text) =>
        TryParse(text, out var mac, out var error) ? mac : throw new FormatException($"'{text}': {error}");

    /// <summary>The six octets in wire order.</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[6];
        WriteTo(bytes);
        return bytes;
    }

    public override string ToString() => string.Join(':', ToBytes().Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));

    private static bool TryCreate(ulong value, out MacAddress mac, out string? error)
    {
        mac = default;
        if (value == 0)
        {
            error = "the all-zero MAC address is not a guest address";
            return false;
        }

        if ((value >> 40 & 1) == 1)
        {
            error = "a multicast MAC address is not a guest address";
            return false;
        }

        mac = new MacAddress(value);
        error = null;
        return true;
    }

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);
}
