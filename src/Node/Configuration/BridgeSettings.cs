namespace XenMesh.Node.Configuration;

/// <summary>The guest bridge this host owns.</summary>
public sealed class BridgeSettings
{
    /// <summary>Interface name of the bridge.</summary>
    public string Name { get; set; } = "br0";

    /// <summary>The bridge's address and prefix; the prefix is the guest subnet.</summary>
    public string Address { get; set; } = "192.168.0.254/24";

    /// <summary>How often the desired state is re-checked and drift repaired.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Guard the guest ports with the nftables table <c>bridge xenmesh</c> (protocol-rules B3): rogue DHCP
    /// servers, spoofed MAC, IP and ARP, forged <c>chaddr</c>. Off, the agent never touches nftables.
    /// </summary>
    public bool Filter { get; set; } = true;
}
