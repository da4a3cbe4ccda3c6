namespace XenMesh.Node.Configuration;

/// <summary>The RIPv2 speaker that tells the LAN gateway where the guest subnets are.</summary>
public sealed class RipSettings
{
    /// <summary>Speak RIPv2 on <c>lan.interface</c>. Off, <c>route export</c> still prints static routes.</summary>
    public bool Enabled { get; set; }

    /// <summary><c>multicast</c> (224.0.0.9, TTL 1) or <c>unicast</c> to each of <see cref="Gateways"/>.</summary>
    public string Mode { get; set; } = "multicast";

    /// <summary>
    /// The LAN gateways (IPv4 addresses), one gateway entity and one speaker each. Empty: <c>lan.gateway</c>, or
    /// without it (multicast only) the RIP group 224.0.0.9 standing for every router on the LAN. Multicast
    /// reaches every router with one speaker, so it takes at most one.
    /// </summary>
    public List<string> Gateways { get; set; } = [];

    /// <summary>Regular updates: RFC 2453 sends one every 30 s, each moved by a random ±1/6.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Keyed MD5 (RFC 2082 / RFC 4822); no section means unauthenticated.</summary>
    public RipAuthenticationSettings? Authentication { get; set; }

    /// <summary>The gateways in effect (see <see cref="Gateways"/>), in dotted form; validate the settings first.</summary>
    public static IReadOnlyList<string> GatewaysOf(XenMeshSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Rip.Gateways.Count > 0)
            return [.. settings.Rip.Gateways.Select(g => System.Net.IPAddress.Parse(g).ToString())];
        return [settings.Lan.Gateway ?? "224.0.0.9"];
    }
}
