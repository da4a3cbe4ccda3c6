namespace XenMesh.Node.Configuration;

/// <summary>
/// The agent's whole configuration, bound from one JSON file plus <c>XENMESH__SECTION__KEY</c>
/// environment overrides. Property names are the config keys (camelCase in the file).
/// </summary>
public sealed class XenMeshSettings
{
    public HostSettings Host { get; set; } = new();

    public BridgeSettings Bridge { get; set; } = new();

    public LanSettings Lan { get; set; } = new();

    public DhcpSettings Dhcp { get; set; } = new();

    public RipSettings Rip { get; set; } = new();

    public DnsSettings Dns { get; set; } = new();

    public CommandHostSettings CommandHost { get; set; } = new();

    public PersistenceSettings Persistence { get; set; } = new();
}
