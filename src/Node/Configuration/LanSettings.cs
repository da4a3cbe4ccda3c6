namespace XenMesh.Node.Configuration;

/// <summary>The dom0's uplink: where other hosts and the LAN gateway reach it.</summary>
public sealed class LanSettings
{
    /// <summary>Uplink interface name (never enslaved to the guest bridge).</summary>
    public string? Interface { get; set; }

    /// <summary>This dom0's address on the LAN; the next hop for its guest subnet.</summary>
    public string? Address { get; set; }

    /// <summary>The LAN/DSL gateway that must learn the route to the guest subnet.</summary>
    public string? Gateway { get; set; }
}
