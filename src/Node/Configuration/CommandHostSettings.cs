namespace XenMesh.Node.Configuration;

/// <summary>The pbm-style endpoint the CLI and the hotplug script talk to.</summary>
public sealed class CommandHostSettings
{
    /// <summary>Listen address; loopback only until authenticated remote access exists.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>TCP port.</summary>
    public int Port { get; set; } = 9110;
}
