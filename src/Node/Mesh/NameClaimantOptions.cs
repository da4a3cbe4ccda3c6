using System.Net;

namespace XenMesh.Node.Mesh;

/// <summary>What the <see cref="NameClaimant"/> claims for its host.</summary>
/// <param name="HostId">The host id; also the dom0's own name.</param>
/// <param name="Domain">The mesh domain (<c>xen</c>).</param>
/// <param name="BridgeAddress">Where the dom0's own name points.</param>
/// <param name="RefreshInterval">How often every claim is re-asserted.</param>
public sealed record NameClaimantOptions(string HostId, string Domain, IPAddress BridgeAddress, TimeSpan RefreshInterval)
{
    /// <summary>The FQDN of a label in the mesh domain, lower case.</summary>
    public string Fqdn(string label) => $"{label}.{Domain}".ToLowerInvariant();
}
