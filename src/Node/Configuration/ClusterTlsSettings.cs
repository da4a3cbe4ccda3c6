namespace XenMesh.Node.Configuration;

/// <summary>
/// Mutual TLS between the hosts (Akka.Remote DotNetty SSL): every host presents its certificate and
/// accepts a peer only when its certificate passes validation. See docs/cluster.md for how to make them.
/// </summary>
public sealed class ClusterTlsSettings
{
    /// <summary>Absolute path of this host's certificate with its private key, PKCS#12 (.pfx).</summary>
    public string? Certificate { get; set; }

    /// <summary>Password of the PKCS#12 file (better given as <c>XENMESH__CLUSTER__TLS__PASSWORD</c>).</summary>
    public string? Password { get; set; }

    /// <summary>
    /// SHA-1 thumbprints (40 hex digits) of every member's certificate. When set, a peer is accepted only
    /// when its certificate is one of them (self-signed per-host certificates work); when empty, the
    /// peer's chain must validate against the system CA store (a private CA installed with
    /// <c>update-ca-certificates</c>).
    /// </summary>
    public List<string> TrustedThumbprints { get; set; } = [];
}
