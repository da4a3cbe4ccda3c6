using System.Globalization;
using XenMesh.Messages.Values;

namespace XenMesh.Node.Dns.Recursion;

/// <summary>
/// The names that never leave the host, whatever the server in front decided: dotless names, the mesh
/// domain, the reverse zones of the guest subnets and the special-use names. The server should not ask
/// the forwarder for any of them; this is the defence in depth that keeps a guest's name or address from
/// leaking to the upstream resolvers if it does.
/// </summary>
public sealed class LocalNamePolicy
{
    private static readonly string[] SpecialUse = ["localhost", "invalid", "local"];

    private readonly string _meshDomain;
    private readonly IReadOnlyList<string> _reverseZones;

    public LocalNamePolicy(string meshDomain, IEnumerable<Ipv4Subnet> guestSubnets)
    {
        ArgumentNullException.ThrowIfNull(meshDomain);
        _meshDomain = meshDomain.TrimEnd('.').ToLowerInvariant();
        _reverseZones = [.. guestSubnets.SelectMany(ReverseZones).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The reverse zones covering the guest subnets, octet-aligned (a /20 gives 16 zones, a /30 its 4 addresses).</summary>
    public IReadOnlyList<string> OwnedReverseZones => _reverseZones;

    /// <summary>Why <paramref name="name"/> (presentation form, no trailing dot, the root as "") stays local, or null to forward it.</summary>
    public NotForwardedReason? Check(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var lower = name.TrimEnd('.').ToLowerInvariant();
        if (lower.Length == 0)
            return null;
        if (IsAtOrBelow(lower, _meshDomain))
            return NotForwardedReason.MeshDomain;
        foreach (var zone in _reverseZones)
        {
            if (IsAtOrBelow(lower, zone))
                return NotForwardedReason.OwnedReverseZone;
        }

        foreach (var special in SpecialUse)
        {
            if (IsAtOrBelow(lower, special))
                return NotForwardedReason.SpecialUse;
        }

        return lower.Contains('.', StringComparison.Ordinal) ? null : NotForwardedReason.Dotless;
    }

    private static bool IsAtOrBelow(string name, string zone) =>
        name.Length == zone.Length
            ? string.Equals(name, zone, StringComparison.Ordinal)
            : name.Length > zone.Length && name[name.Length - zone.Length - 1] == '.' && name.EndsWith(zone, StringComparison.Ordinal);

    private static IEnumerable<string> ReverseZones(Ipv4Subnet subnet)
    {
        var octets = (subnet.PrefixLength + 7) / 8;
        if (octets == 0)
            yield return "in-addr.arpa";
        var count = 1u << ((octets * 8) - subnet.PrefixLength);
        for (var i = 0u; i < count && octets > 0; i++)
        {
            var network = subnet.Network + (i << (32 - (octets * 8)));
            var labels = Enumerable.Range(0, octets)
                .Select(k => ((network >> (24 - (8 * k))) & 0xFF).ToString(CultureInfo.InvariantCulture))
                .Reverse();
            yield return string.Join('.', labels) + ".in-addr.arpa";
        }
    }
}
