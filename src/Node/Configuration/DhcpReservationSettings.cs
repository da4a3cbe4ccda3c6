namespace XenMesh.Node.Configuration;

/// <summary>
/// One static reservation as written in the config: the guest, found by its MAC or its Xen domain name,
/// always gets <see cref="Address"/>, and the lease is published under <see cref="Name"/> when given.
/// </summary>
public sealed class DhcpReservationSettings
{
    /// <summary>The guest's backend MAC, <c>aa:bb:cc:dd:ee:ff</c>.</summary>
    public string? Mac { get; set; }

    /// <summary>The guest's Xen domain name (as the vif registry knows it).</summary>
    public string? DomainName { get; set; }

    /// <summary>The reserved address; inside the bridge subnet, it may lie outside the dynamic range.</summary>
    public string? Address { get; set; }

    /// <summary>The DNS label to publish; without it the name comes from the next source.</summary>
    public string? Name { get; set; }
}
