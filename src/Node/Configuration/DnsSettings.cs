namespace XenMesh.Node.Configuration;

/// <summary>The guest zone and the forwarder.</summary>
public sealed class DnsSettings
{
    /// <summary>The mesh domain; guests are <c>&lt;name&gt;.&lt;domain&gt;</c>.</summary>
    public string Domain { get; set; } = "xen";

    /// <summary>resolv.conf-format file naming the upstream servers (dnsmasq's <c>resolv-file</c>).</summary>
    public string ResolvFile { get; set; } = "/etc/resolv.upstream.conf";

    /// <summary>
    /// Extra addresses to serve DNS on besides the bridge address (e.g. <c>127.0.0.1</c> for the dom0 itself);
    /// never a wildcard. The server binds exactly these and the bridge address, nothing else.
    /// </summary>
    public List<string> Listen { get; set; } = [];

    /// <summary>UDP and TCP port of the DNS server.</summary>
    public int Port { get; set; } = 53;

    /// <summary>
    /// UDP sockets per address sharing the port (SO_REUSEPORT), each served by its own thread; 0 means one per
    /// two cores, at least one. On a dom0 whose cores are busy with guests' traffic, fewer threads means larger receive batches
    /// and fewer wake-ups per query (docs/benchmarks.md, DNS).
    /// </summary>
    public int UdpSockets { get; set; }

    /// <summary>
    /// TTL of every record of the mesh zone and the reverse zones, and the negative-caching TTL (SOA minimum).
    /// Short, so a guest that is renumbered or moves to another host is seen quickly.
    /// </summary>
    public TimeSpan Ttl { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// LAN ranges (IPv4 CIDR) allowed to recurse through this agent besides the guest subnet and loopback;
    /// every other source gets REFUSED for names outside the agent's zones (protocol-rules F6).
    /// </summary>
    public List<string> RecursionFrom { get; set; } = [];

    /// <summary>
    /// The port the upstream servers of <see cref="ResolvFile"/> listen on. resolv.conf has no port syntax;
    /// anything but 53 is for tests that run their upstream on an unprivileged port.
    /// </summary>
    public int UpstreamPort { get; set; } = 53;

    /// <summary>How long one upstream server gets to answer before the next one is asked.</summary>
    public TimeSpan UpstreamTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How many forwarded answers (positive and negative) the cache keeps; 0 turns it off.</summary>
    public int CacheEntries { get; set; } = 4096;
}
