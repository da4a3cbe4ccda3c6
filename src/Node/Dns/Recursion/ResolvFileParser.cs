using System.Net;
using System.Net.Sockets;

namespace XenMesh.Node.Dns.Recursion;

/// <summary>
/// Reads the <c>nameserver</c> lines of a resolv.conf-format file (dnsmasq's <c>resolv-file</c>): one
/// IPv4 or IPv6 address per line, comment lines starting with <c>#</c> or <c>;</c>, every other keyword
/// (<c>search</c>, <c>options</c>...) ignored, as resolv.conf(5) and dnsmasq read it.
/// </summary>
public static class ResolvFileParser
{
    /// <summary>The servers in file order without duplicates, and a reason for each line that named none.</summary>
    public static (IReadOnlyList<IPAddress> Servers, IReadOnlyList<string> Rejected) Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var servers = new List<IPAddress>();
        var rejected = new List<string>();
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';')
                continue;
            var words = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (words[0] != "nameserver")
                continue;
            if (words.Length < 2)
            {
                rejected.Add($"line {lineNumber}: nameserver without an address");
                continue;
            }

            if (!IPAddress.TryParse(words[1], out var address)
                || address.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6)
                || !IsDottedQuadOrIpv6(words[1]))
            {
                rejected.Add($"line {lineNumber}: '{words[1]}' is not an IPv4 or IPv6 address");
                continue;
            }

            if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
            {
                rejected.Add($"line {lineNumber}: '{words[1]}' is the wildcard address, no server");
                continue;
            }

            if (!servers.Contains(address))
                servers.Add(address);
        }

        return (servers, rejected);
    }

    // IPAddress.TryParse also takes "1", "1.2" and "0x7f.1" (inet_aton forms); a resolv file means dotted quads.
    private static bool IsDottedQuadOrIpv6(string text) =>
        text.Contains(':', StringComparison.Ordinal)
        || (text.Split('.') is { Length: 4 } parts && parts.All(p => p.Length is >= 1 and <= 3 && p.All(char.IsAsciiDigit)));
}
