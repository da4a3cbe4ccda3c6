namespace XenMesh.Node.Configuration;

/// <summary>The RIPv2 speaker that tells the LAN gateway where the guest subnets are.</summary>
public sealed class RipSettings
{
    /// <summary>Speak RIPv2 on <c>lan.interface</c>. Off, <c>route export</c> still prints static routes.</summary>
    public bool Enabled { get; set; }

    /// <summary><c>multicast</c> (224.0.0.9, TTL 1) or <c>unicast</c> to <c>lan.gateway</c>.</summary>
    public string Mode { get; set; } = "multicast";

    /// <summary>Regular updates: RFC 2453 sends one every 30 s, each moved by a random ±1/6.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Keyed MD5 (RFC 2082 / RFC 4822); no section means unauthenticated.</summary>
    public RipAuthenticationSettings? Authentication { get; set; }
}
