using System.Globalization;
using System.Text;

namespace XenMesh.Node.Dns.Wire;

/// <summary>
/// An absolute domain name, held in uncompressed wire form with the letter case it was given. Equality and
/// hashing are ASCII case-insensitive (RFC 4343); <see cref="ToString"/> gives the presentation form with a
/// trailing dot and <c>\DDD</c> / <c>\.</c> escapes for octets that are not printable or are special.
/// </summary>
public sealed class DnsName : IEquatable<DnsName>
{
    private readonly byte[] _wire;

    private DnsName(byte[] wire) => _wire = wire;

    /// <summary>The root name <c>.</c>.</summary>
    public static DnsName Root { get; } = new([0]);

    /// <summary>The uncompressed wire form, the root label included.</summary>
    public ReadOnlySpan<byte> Wire => _wire;

    /// <summary>The number of labels, the root not counted.</summary>
    public int LabelCount
    {
        get
        {
            var count = 0;
            for (var i = 0; _wire[i] != 0; i += _wire[i] + 1)
                count++;
            return count;
        }
    }

    /// <summary>A name from wire form already checked by <see cref="DnsNameReader"/>.</summary>
    internal static DnsName FromCheckedWire(ReadOnlySpan<byte> wire) => new(wire.ToArray());

    /// <summary>A name from uncompressed wire form; throws <see cref="DnsFormatException"/> when it is not one.</summary>
    public static DnsName FromWire(ReadOnlySpan<byte> wire)
    {
        if (wire.Length > DnsLimits.MaxNameLength)
            throw new DnsFormatException(DnsFormatError.NameTooLong, $"a name of {wire.Length} octets is longer than 255");
        Span<byte> buffer = stackalloc byte[DnsLimits.MaxNameLength];
        var error = DnsNameReader.TryRead(wire, 0, buffer, out var length, out var next);
        if (error == DnsFormatError.None && next != wire.Length)
            error = DnsFormatError.TrailingBytes;
        return error == DnsFormatError.None
            ? new(buffer[..length].ToArray())
            : throw new DnsFormatException(error, $"not an uncompressed wire-form name ({error})");
    }

    /// <summary>
    /// Parses presentation form: labels separated by dots, an optional trailing dot (every name is absolute),
    /// <c>\.</c>, <c>\\</c> and <c>\DDD</c> escapes. <c>""</c> and <c>"."</c> are the root.
    /// </summary>
    public static bool TryParse(string text, out DnsName name)
    {
        ArgumentNullException.ThrowIfNull(text);
        name = Root;
        if (text is "" or ".")
            return true;
        var wire = new List<byte>(text.Length + 2);
        var labelStart = 0;
        wire.Add(0);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '.')
            {
                if (!CloseLabel(wire, ref labelStart, allowEmpty: false))
                    return false;
                if (i == text.Length - 1)
                    return Finish(wire, labelStart, out name);
                continue;
            }

            if (c == '\\')
            {
                if (i + 1 >= text.Length)
                    return false;
                if (char.IsAsciiDigit(text[i + 1]))
                {
                    if (i + 3 >= text.Length)
                        return false;
                    if (!int.TryParse(text.AsSpan(i + 1, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value > 255)
                        return false;
                    wire.Add((byte)value);
                    i += 3;
                }
                else
                {
                    if (text[i + 1] > 0x7e)
                        return false;
                    wire.Add((byte)text[i + 1]);
                    i++;
                }
            }
            else
            {
                if (c is <= ' ' or > '~')
                    return false;
                wire.Add((byte)c);
            }

            if (wire.Count - labelStart - 1 > DnsLimits.MaxLabelLength)
                return false;
        }

        return CloseLabel(wire, ref labelStart, allowEmpty: false) && Finish(wire, labelStart, out name);
    }

    /// <summary>As <see cref="TryParse"/>, throwing <see cref="FormatException"/> for text that is not a name.</summary>
    public static DnsName Parse(string text) =>
        TryParse(text, out var name) ? name : throw new FormatException($"'{text}' is not a domain name");

    /// <summary>This name with <paramref name="label"/> (one label, unescaped octets) in front.</summary>
    public DnsName Prepend(ReadOnlySpan<byte> label)
    {
        if (label.Length is 0 or > DnsLimits.MaxLabelLength || _wire.Length + label.Length + 1 > DnsLimits.MaxNameLength)
            throw new ArgumentException("the label is empty, longer than 63 octets, or makes the name longer than 255", nameof(label));
        var wire = new byte[_wire.Length + label.Length + 1];
        wire[0] = (byte)label.Length;
        label.CopyTo(wire.AsSpan(1));
        _wire.CopyTo(wire, label.Length + 1);
        return new(wire);
    }

    /// <summary>This name with the ASCII letters lower-cased.</summary>
    public DnsName ToLowerInvariant()
    {
        var wire = (byte[])_wire.Clone();
        DnsNameReader.ToLower(wire);
        return new(wire);
    }

    /// <summary>True when this name is <paramref name="ancestor"/> or below it (case-insensitive).</summary>
    public bool IsSubdomainOf(DnsName ancestor)
    {
        ArgumentNullException.ThrowIfNull(ancestor);
        var skip = LabelCount - ancestor.LabelCount;
        if (skip < 0)
            return false;
        var offset = 0;
        for (var i = 0; i < skip; i++)
            offset += _wire[offset] + 1;
        return DnsNameReader.EqualsIgnoreCase(_wire.AsSpan(offset), ancestor._wire);
    }

    public bool Equals(DnsName? other) => other is not null && DnsNameReader.EqualsIgnoreCase(_wire, other._wire);

    public override bool Equals(object? obj) => obj is DnsName other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var b in _wire)
            hash.Add(DnsNameReader.Lower(b));
        return hash.ToHashCode();
    }

    public override string ToString()
    {
        if (_wire.Length == 1)
            return ".";
        var text = new StringBuilder(_wire.Length + 8);
        for (var i = 0; _wire[i] != 0; i += _wire[i] + 1)
        {
            foreach (var b in _wire.AsSpan(i + 1, _wire[i]))
            {
                if (b is (byte)'.' or (byte)'\\')
                    text.Append('\\').Append((char)b);
                else if (b is <= (byte)' ' or > (byte)'~')
                    text.Append('\\').Append(b.ToString("D3", CultureInfo.InvariantCulture));
                else
                    text.Append((char)b);
            }

            text.Append('.');
        }

        return text.ToString();
    }

    private static bool CloseLabel(List<byte> wire, ref int labelStart, bool allowEmpty)
    {
        var length = wire.Count - labelStart - 1;
        if (length == 0 && !allowEmpty)
            return false;
        wire[labelStart] = (byte)length;
        labelStart = wire.Count;
        wire.Add(0);
        return true;
    }

    private static bool Finish(List<byte> wire, int labelStart, out DnsName name)
    {
        name = Root;
        if (labelStart != wire.Count - 1 || wire.Count > DnsLimits.MaxNameLength)
            return false;
        name = new DnsName([.. wire]);
        return true;
    }
}
