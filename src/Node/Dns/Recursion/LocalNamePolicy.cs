using System.Globalization;
using XenMesh.Messages.Values;
using XenMesh.Node.Dns.Wire;

namespace XenMesh.Node.Dns.Recursion;

/// <summary>
/// The names that never leave the host, whatever the server in front decided: dotless names, the mesh
/// domain, the reverse zones of the guest subnets and the special-use names. The server should not ask
/// the forwarder for any of them; this is the defence in depth that keeps a guest's name or address from
/// leaking to the upstream resolvers if it does.
/// </summary>
public sealed class LocalNamePolicy
{
    private static readonly DnsName[] SpecialUse = [DnsName.Parse("localhost"), DnsName.Parse("invalid"), DnsName.Parse("local")];

    private readonly DnsName _meshDomain;
    private readonly DnsName[] _reverseZones;

    public LocalNamePolicy(string meshDomain, IEnumerable<Ipv4Subnet> guestSubnets)
    {
        _meshDomain = DnsName.Parse(meshDomain);
        _reverseZones = [.. guestSubnets.SelectMany(ReverseZones).Distinct()];
    }

    /// <summary>The reverse zones covering the guest subnets, octet-aligned (a /20 gives 16 zones, a /30 its 4 addresses).</summary>
    public IReadOnlyList<DnsName> OwnedReverseZones => _reverseZones;

    /// <summary>Why <paramref name="name"/> stays local, or null to forward it. The root is forwarded (priming queries).</summary>
    public NotForwardedReason? Check(DnsName name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.IsSubdomainOf(_meshDomain))
            return NotForwardedReason.MeshDomain;
        if (_reverseZones.Any(name.IsSubdomainOf))
            return NotForwardedReason.OwnedReverseZone;
        if (SpecialUse.Any(name.IsSubdomainOf))
            return NotForwardedReason.SpecialUse;
        return name.LabelCount == 1 ? NotForwardedReason.Dotless : null;
    }

    private static IEnumerable<DnsName> ReverseZones(Ipv4Subnet subnet)
    {
        var octets = (subnet.PrefixLength + 7) / 8;
        if (octets == 0)
        {
            yield return DnsName.Parse("in-addr.arpa");
            yield break;
        }

        var count = 1u << ((octets * 8) - subnet.PrefixLength);
        for (var i = 0u; i < count; i++)
        {
            var network = subnet.Network + (i << (32 - (octets * 8)));
            var labels = Enumerable.Range(0, octets)
                .Select(k => ((network >> (24 - (8 * k))) & 0xFF).ToString(CultureInfo.InvariantCulture))
                .Reverse();
            yield return DnsName.Parse(string.Join('.', labels) + ".in-addr.arpa");
        }
    }
}
