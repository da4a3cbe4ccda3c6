using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace XenMesh.Messages.Values;

/// <summary>An address with its prefix as configured on an interface (<c>192.168.0.254/24</c>).</summary>
public readonly record struct Ipv4Interface(IPAddress Address, Ipv4Subnet Subnet)
{
    /// <summary>Parses <c>a.b.c.d/n</c> in strict dotted-quad form.</summary>
    public static bool TryParse(string? text, out Ipv4Interface value, out string? error)
    {
        value = default;
        var slash = text?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        if (text is null || slash < 0)
        {
            error = "expected an IPv4 address with a prefix length, like 192.168.0.254/24";
            return false;
        }

        if (!TryParseAddress(text[..slash], out var address))
        {
            error = $"'{text[..slash]}' is not an IPv4 address";
            return false;
        }

        var prefixText = text[(slash + 1)..];
        if (prefixText.Length is 0 or > 2 || !prefixText.All(char.IsAsciiDigit)
            || !int.TryParse(prefixText, NumberStyles.None, CultureInfo.InvariantCulture, out var prefix) || prefix > 32)
        {
            error = $"'{prefixText}' is not a prefix length between 0 and 32";
            return false;
        }

        var mask = prefix == 0 ? 0 : uint.MaxValue << (32 - prefix);
        value = new Ipv4Interface(address, new Ipv4Subnet(Ipv4Subnet.ToUInt32(address) & mask, prefix));
        error = null;
        return true;
    }

    /// <summary>
    /// Strict dotted quad: <see cref="IPAddress.TryParse(string?, out IPAddress?)"/> also takes
    /// <c>1</c>, <c>0x7f.1</c> and IPv6, none of which belong in this config.
    /// </summary>
    public static bool TryParseAddress(string? text, out IPAddress address)
    {
        address = IPAddress.None;
        if (text is null)
            return false;
        var parts = text.Split('.');
        if (parts.Length != 4 || parts.Any(p => p.Length is 0 or > 3 || !p.All(char.IsAsciiDigit) || (p.Length > 1 && p[0] == '0')))
            return false;
        if (!IPAddress.TryParse(text, out var parsed) || parsed.AddressFamily != AddressFamily.InterNetwork)
            return false;
        address = parsed;
        return true;
    }

    public override string ToString() => $"{Address}/{Subnet.PrefixLength.ToString(CultureInfo.InvariantCulture)}";
}
