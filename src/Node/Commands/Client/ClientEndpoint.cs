using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace XenMesh.Node.Commands.Client;

/// <summary>Where the client connects: <c>host:port</c>, host an IPv4 address or a DNS name.</summary>
internal sealed partial record ClientEndpoint(string Host, int Port)
{
    public static readonly ClientEndpoint Default = new("127.0.0.1", 9110);

    /// <summary>
    /// Whether the first argument is meant as an endpoint rather than a palette: palette names never
    /// contain a colon, so anything shaped <c>x:digits</c> is an endpoint, valid or not.
    /// </summary>
    public static bool LooksLikeEndpoint(string argument) => EndpointShape().IsMatch(argument);

    public static bool TryParse(string text, [NotNullWhen(true)] out ClientEndpoint? endpoint)
    {
        endpoint = null;
        var colon = text.LastIndexOf(':');
        if (colon <= 0)
            return false;
        var host = text[..colon];
        if (!HostName().IsMatch(host)
            || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            || port is < 1 or > 65535)
            return false;
        endpoint = new ClientEndpoint(host, port);
        return true;
    }

    public override string ToString() => $"{Host}:{Port}";

    [GeneratedRegex(@"\A[^\s:]+:[0-9]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex EndpointShape();

    /// <summary>Dot-separated labels of letters, digits and inner hyphens; covers dotted-quad IPv4 too.</summary>
    [GeneratedRegex(@"\A[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\z", RegexOptions.CultureInvariant)]
    private static partial Regex HostName();
}
