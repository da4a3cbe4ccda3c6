namespace XenMesh.Node.Configuration;

/// <summary>The DHCP pool on the guest bridge.</summary>
public sealed class DhcpSettings
{
    /// <summary>Serve DHCP on the bridge. Off, the lease pool still loads and the <c>lease</c> commands work, but no socket opens.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>First address handed out; default the first host address of the bridge subnet.</summary>
    public string? RangeStart { get; set; }

    /// <summary>Last address handed out; default the last host address of the bridge subnet.</summary>
    public string? RangeEnd { get; set; }

    /// <summary>Lease time offered to guests.</summary>
    public TimeSpan LeaseTime { get; set; } = TimeSpan.FromDays(3);

    /// <summary>NAK requests for addresses this server does not know (it is the only server on the bridge).</summary>
    public bool Authoritative { get; set; } = true;
}
