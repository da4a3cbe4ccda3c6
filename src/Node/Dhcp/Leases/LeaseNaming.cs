using XenMesh.Messages.Leases;
using XenMesh.Node.Configuration;

namespace XenMesh.Node.Dhcp.Leases;

/// <summary>
/// A lease's DNS name by DESIGN.md's priority: static reservation name, then the Xen domain name, then
/// option 81, then option 12. The first source that gives a usable label wins.
/// </summary>
/// <remarks>
/// Client-supplied names are sanitised strictly: trailing NULs (protocol-rules D9) and everything from the
/// first dot on are dropped (so <c>xen1.xen</c>, <c>xen1.</c> and <c>xen1.example.org</c> all give
/// <c>xen1</c>, which also strips the mesh domain), the rest is lower-cased and must then be an RFC 1123
/// label as it is. A label with any other character is refused, not repaired: deleting or replacing
/// characters would turn distinct names into the same one (<c>my_pc</c> and <c>mypc</c>) and publish
/// names nobody chose. A refused name only means no name; the lease is granted anyway.
/// </remarks>
internal static class LeaseNaming
{
    public static (string? Name, LeaseNameSource Source) Resolve(DhcpReservation? reservation, LeaseClient client)
    {
        if (reservation?.Name is { } reserved)
            return (reserved, LeaseNameSource.Reservation);
        if (Sanitize(client.XenDomainName) is { } domain)
            return (domain, LeaseNameSource.XenDomain);
        if (Sanitize(client.ClientFqdn) is { } fqdn)
            return (fqdn, LeaseNameSource.ClientFqdn);
        if (Sanitize(client.HostName) is { } host)
            return (host, LeaseNameSource.HostName);
        return (null, LeaseNameSource.None);
    }

    /// <summary>The first label of <paramref name="raw"/>, lower-cased, or null when that is no RFC 1123 label.</summary>
    public static string? Sanitize(string? raw)
    {
        if (raw is null)
            return null;
        var name = raw.TrimEnd('\0');
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        var label = dot < 0 ? name : name[..dot];

        // Checked before lower-casing: Unicode case mapping turns some non-ASCII letters (the Kelvin sign) into ASCII ones.
        return DnsLabel.IsValid(label) ? label.ToLowerInvariant() : null;
    }
}
