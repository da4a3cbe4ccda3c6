using System.Text.Json.Serialization;

namespace XenMesh.Messages.Leases;

/// <summary>Where a lease's DNS name came from, in falling priority (DESIGN.md, Names).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LeaseNameSource>))]
public enum LeaseNameSource
{
    /// <summary>No source gave a usable name; the lease has none.</summary>
    None,

    /// <summary>The <c>name</c> of the static reservation the client matched.</summary>
    Reservation,

    /// <summary>The guest's Xen domain name, from the vif registry.</summary>
    XenDomain,

    /// <summary>DHCP option 81 (client FQDN), sanitised.</summary>
    ClientFqdn,

    /// <summary>DHCP option 12 (host name), sanitised.</summary>
    HostName,
}
