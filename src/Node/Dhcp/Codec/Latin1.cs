using System.Text;

namespace XenMesh.Node.Dhcp.Codec;

/// <summary>
/// Text fields are octet strings: Latin-1 maps every octet to one char and back, so names and
/// messages survive decode and encode unchanged whatever a client put in them.
/// </summary>
internal static class Latin1
{
    public static string Decode(ReadOnlySpan<byte> octets) => Encoding.Latin1.GetString(octets);

    public static byte[] Encode(string text) => Encoding.Latin1.GetBytes(text);

    /// <summary>Writes <paramref name="text"/>, one octet per char, at the start of <paramref name="destination"/>.</summary>
    public static void Encode(string text, Span<byte> destination) => Encoding.Latin1.GetBytes(text, destination);

    public static string Require(string text, string parameter, int minLength, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(text, parameter);
        if (text.Length < minLength || text.Length > maxLength)
            throw new ArgumentException($"length {text.Length} is outside {minLength}..{maxLength}", parameter);
        foreach (var c in text)
        {
            if (c > '\u00ff')
                throw new ArgumentException($"'{c}' is not a single octet", parameter);
        }

        return text;
    }
}
