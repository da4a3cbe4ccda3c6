namespace XenMesh.Node.Configuration;

/// <summary>This dom0's identity and where it keeps its state.</summary>
public sealed class HostSettings
{
    /// <summary>Host id, an RFC 1123 label; also this dom0's DNS name (<c>&lt;id&gt;.xen</c>).</summary>
    public string Id { get; set; } = Environment.MachineName.ToLowerInvariant();

    /// <summary>Directory for the SQLite journal and other durable files.</summary>
    public string StateDirectory { get; set; } = "/var/lib/xenmesh";
}
