using XenMesh.Messages.Values;

namespace XenMesh.Node.Dhcp.Server;

/// <summary>What the server tells every client about itself and the guest network.</summary>
/// <param name="Bridge">The bridge address: server identifier (54), router (3) and DNS server (6); its prefix gives the mask (1).</param>
/// <param name="Domain">The mesh domain (option 15, and the suffix of option 81 names).</param>
/// <param name="LinkMtu">The bridge MTU, which caps the reply size a client's option 57 may allow.</param>
internal sealed record DhcpServerIdentity(Ipv4Interface Bridge, string Domain, int LinkMtu = 1500);
