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
}
