using System.Text;

namespace XenMesh.Node.Dhcp.Codec;

/// <summary>
/// DNS wire-format names (RFC 1035 §3.1) as options 81 and 119 carry them. Text form: labels joined
/// by dots; option 81 marks a fully qualified name with a trailing dot, option 119 names are always
/// fully qualified and written without it (the root is the empty string).
/// </summary>
internal static class DomainNameWire
{
    private const int MaxLabelLength = 63;
    private const int MaxNameLength = 255;
    private const int MaxPointerOffset = 0x3fff;

    // A name has at most 127 labels; a chain of more pointers than that only burns work.
    private const int MaxPointersPerName = 127;

    /// <summary>Option 81 with E = 1: uncompressed, fully qualified when the text ends with a dot.</summary>
    public static byte[] EncodeUncompressed(string name)
    {
        if (name.Length == 0)
            return [];
        var qualified = name.EndsWith('.');
        var body = qualified ? name[..^1] : name;
        var labels = body.Length == 0 ? [] : body.Split('.');
        var wire = new List<byte>(name.Length + 2);
        foreach (var label in labels)
            AppendLabel(wire, label, nameof(name));
        if (qualified)
            wire.Add(0);
        if (wire.Count > MaxNameLength)
            throw new ArgumentException($"the name takes {wire.Count} octets, more than {MaxNameLength}", nameof(name));
        return [.. wire];
    }

    public static string DecodeUncompressed(ReadOnlySpan<byte> wire)
    {
        if (wire.Length > MaxNameLength)
            throw Malformed($"a name of {wire.Length} octets is longer than {MaxNameLength}");
        var text = new StringBuilder(wire.Length);
        var position = 0;
        while (position < wire.Length)
        {
            var length = wire[position];
            if (length == 0)
            {
                if (position != wire.Length - 1)
                    throw Malformed("octets follow the root label");
                return text.Append('.').ToString();
            }

            if (length > MaxLabelLength)
                throw Malformed($"label length octet 0x{length:x2} (compression is not allowed here)");
            if (position + 1 + length > wire.Length)
                throw Malformed("a label runs past the end of the name");
            if (text.Length > 0)
                text.Append('.');
            AppendLabelText(text, wire.Slice(position + 1, length));
            position += 1 + length;
        }

        return text.ToString();
    }

    /// <summary>Option 119: names one after another, suffixes compressed against earlier names.</summary>
    public static byte[] EncodeList(IReadOnlyList<string> names)
    {
        var wire = new List<byte>();
        var suffixOffsets = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var labels = name.Length == 0 ? [] : name.Split('.');
            if (UncompressedLength(labels) > MaxNameLength)
                throw new ArgumentException($"'{name}' takes more than {MaxNameLength} octets", nameof(names));
            var pointed = false;
            for (var i = 0; i < labels.Length && !pointed; i++)
            {
                var suffix = string.Join('.', labels[i..]);
                if (suffixOffsets.TryGetValue(suffix, out var offset))
                {
                    wire.Add((byte)(0xc0 | (offset >> 8)));
                    wire.Add((byte)offset);
                    pointed = true;
                }
                else
                {
                    if (wire.Count <= MaxPointerOffset)
                        suffixOffsets[suffix] = wire.Count;
                    AppendLabel(wire, labels[i], nameof(names));
                }
            }

            if (!pointed)
                wire.Add(0);
        }

        return [.. wire];
    }

    public static List<string> DecodeList(ReadOnlySpan<byte> wire)
    {
        var names = new List<string>();
        var position = 0;
        while (position < wire.Length)
            names.Add(ReadCompressed(wire, ref position));
        return names;
    }

    /// <summary>
    /// Reads one name at <paramref name="position"/> and moves past it. A pointer must point before
    /// the start of the run of labels it ends, so every jump goes strictly backwards: no loops; the
    /// work per name is bounded by the 255-octet limit and the pointer count.
    /// </summary>
    private static string ReadCompressed(ReadOnlySpan<byte> wire, ref int position)
    {
        var text = new StringBuilder();
        var cursor = position;
        var segmentStart = position;
        var pointers = 0;
        var nameLength = 1;
        while (true)
        {
            if (cursor >= wire.Length)
                throw Malformed("a name runs past the end of the option");
            var length = wire[cursor];
            switch (length & 0xc0)
            {
                case 0xc0:
                    if (cursor + 1 >= wire.Length)
                        throw Malformed("a compression pointer is cut off");
                    var target = ((length & 0x3f) << 8) | wire[cursor + 1];
                    if (target >= segmentStart)
                        throw Malformed($"compression pointer at {cursor} to {target} does not point backwards");
                    if (++pointers > MaxPointersPerName)
                        throw Malformed($"a name follows more than {MaxPointersPerName} compression pointers");
                    if (pointers == 1)
                        position = cursor + 2;
                    cursor = segmentStart = target;
                    break;
                case 0x00 when length == 0:
                    if (pointers == 0)
                        position = cursor + 1;
                    return text.ToString();
                case 0x00:
                    if (cursor + 1 + length > wire.Length)
                        throw Malformed("a label runs past the end of the option");
                    nameLength += 1 + length;
                    if (nameLength > MaxNameLength)
                        throw Malformed($"a name is longer than {MaxNameLength} octets");
                    if (text.Length > 0)
                        text.Append('.');
                    AppendLabelText(text, wire.Slice(cursor + 1, length));
                    cursor += 1 + length;
                    break;
                default:
                    throw Malformed($"label type 0x{length & 0xc0:x2} is reserved");
            }
        }
    }

    private static void AppendLabel(List<byte> wire, string label, string parameter)
    {
        Latin1.Require(label, parameter, 1, MaxLabelLength);
        wire.Add((byte)label.Length);
        wire.AddRange(Latin1.Encode(label));
    }

    private static void AppendLabelText(StringBuilder text, ReadOnlySpan<byte> label)
    {
        if (label.Contains((byte)'.'))
            throw Malformed("a label contains a dot");
        text.Append(Latin1.Decode(label));
    }

    private static int UncompressedLength(string[] labels) => labels.Sum(l => 1 + l.Length) + 1;

    private static DhcpFormatException Malformed(string detail) => new(DhcpFormatError.BadDomainName, detail);
}
