namespace XenMesh.Cluster.Bootstrap;

/// <summary>Mutual TLS for Akka.Remote.</summary>
/// <param name="CertificatePath">PKCS#12 file with this member's certificate and private key.</param>
/// <param name="Password">Its password, or null.</param>
/// <param name="TrustedThumbprints">
/// When not empty, a peer is accepted only when its certificate's SHA-1 thumbprint is listed; when empty
/// its chain must validate against the system CA store.
/// </param>
public sealed record MeshTlsOptions(string CertificatePath, string? Password, IReadOnlyList<string> TrustedThumbprints);
