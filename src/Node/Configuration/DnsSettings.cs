namespace XenMesh.Node.Configuration;

/// <summary>The guest zone and the forwarder.</summary>
public sealed class DnsSettings
{
    /// <summary>The mesh domain; guests are <c>&lt;name&gt;.&lt;domain&gt;</c>.</summary>
    public string Domain { get; set; } = "xen";

    /// <summary>resolv.conf-format file naming the upstream servers (dnsmasq's <c>resolv-file</c>).</summary>
    public string ResolvFile { get; set; } = "/etc/resolv.upstream.conf";

    /// <summary>Extra addresses to listen on besides the bridge address and loopback.</summary>
    public List<string> Listen { get; set; } = [];
}
