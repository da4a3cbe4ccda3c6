using System.Globalization;
using System.Net;
using XenMesh.Messages.Values;

namespace XenMesh.Node.Dns.Zone;

/// <summary>IPv4 reverse names under <c>in-addr.arpa</c> (RFC 1035 §3.5).</summary>
public static class ReverseName
{
    /// <summary><c>1.0.168.192.in-addr.arpa</c> for 192.168.0.1.</summary>
    public static string Of(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var b = address.GetAddressBytes();
        return string.Create(CultureInfo.InvariantCulture, $"{b[3]}.{b[2]}.{b[1]}.{b[0]}.in-addr.arpa");
    }

    /// <summary>
    /// The reverse zone that holds a subnet's names: its network octets reversed, whole octets only
    /// (<c>0.168.192.in-addr.arpa</c> for a /24, <c>168.192.in-addr.arpa</c> for a /16 or a /20).
    /// </summary>
    public static string ZoneOf(Ipv4Subnet subnet)
    {
        var octets = Math.Max(1, subnet.PrefixLength / 8);
        var b = subnet.NetworkAddress.GetAddressBytes();
        return string.Join('.', b.Take(octets).Reverse().Select(o => o.ToString(CultureInfo.InvariantCulture))) + ".in-addr.arpa";
    }

    /// <summary>The IPv4 address a reverse name stands for, or null when the name is not a full one.</summary>
    public static IPAddress? AddressOf(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var labels = name.TrimEnd('.').Split('.');
        if (labels.Length != 6 || !string.Equals(labels[4], "in-addr", StringComparison.OrdinalIgnoreCase)
            || !string.Equals(labels[5], "arpa", StringComparison.OrdinalIgnoreCase))
            return null;
        var octets = new byte[4];
        for (var i = 0; i < 4; i++)
        {
            if (!byte.TryParse(labels[3 - i], NumberStyles.None, CultureInfo.InvariantCulture, out octets[i])
                || labels[3 - i] != octets[i].ToString(CultureInfo.InvariantCulture))
                return null;
        }

        return new IPAddress(octets);
    }
}
