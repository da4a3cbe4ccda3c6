namespace XenMesh.Node.Configuration;

/// <summary>The guest bridge this host owns.</summary>
public sealed class BridgeSettings
{
    /// <summary>Interface name of the bridge.</summary>
    public string Name { get; set; } = "br0";

    /// <summary>
    /// The bridge's address and prefix; the prefix is the guest subnet. When not given and <see cref="Supernet"/>
    /// is, the agent sets it to the .254 of the /24 the mesh assigned this host, before anything else reads it.
    /// </summary>
    public string Address { get; set; } = "192.168.0.254/24";

    /// <summary>
    /// A supernet (<c>10.77.0.0/16</c>, /24 or shorter) from which the mesh assigns this host a /24 at its first
    /// start when <see cref="Address"/> is not given; the host keeps it in its state directory from then on.
    /// </summary>
    public string? Supernet { get; set; }

    /// <summary>How often the desired state is re-checked and drift repaired.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Guard the guest ports with the nftables table <c>bridge xenmesh</c> (protocol-rules B3): rogue DHCP
    /// servers, spoofed MAC, IP and ARP, forged <c>chaddr</c>. Off, the agent never touches nftables.
    /// </summary>
    public bool Filter { get; set; } = true;

    /// <summary>
    /// Whether <see cref="Address"/> was given (in the configuration, or assigned from the supernet); set by the
    /// loader from the configuration itself, since the bound value cannot tell a default from a given address.
    /// </summary>
    internal bool AddressGiven { get; set; }

    /// <summary>True when the subnet is to come from <see cref="Supernet"/>: a supernet and no address given.</summary>
    internal bool AssignsAddress => Supernet is not null && !AddressGiven;
}
