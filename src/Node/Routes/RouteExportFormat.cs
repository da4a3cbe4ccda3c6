namespace XenMesh.Node.Routes;

/// <summary>The platforms <c>route export</c> prints static routes for.</summary>
public enum RouteExportFormat
{
    /// <summary><c>ip route replace SUBNET via NEXTHOP</c> lines for a Linux router.</summary>
    Linux,

    /// <summary>UCI <c>config route</c> sections for <c>/etc/config/network</c>.</summary>
    OpenWrt,

    /// <summary>MikroTik RouterOS <c>/ip route add</c> commands.</summary>
    RouterOs,

    /// <summary>A BIRD 2 <c>protocol static</c> block.</summary>
    Bird,

    /// <summary>The table as a JSON document, withdrawn routes included and marked.</summary>
    Json,
}
