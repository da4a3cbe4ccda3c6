namespace XenMesh.Node.Dns.Recursion;

/// <summary>Why a name is answered locally instead of forwarded (protocol-rules N11). <c>dns stats</c> counts each.</summary>
public enum NotForwardedReason
{
    /// <summary>A single label (<c>foo</c>): dnsmasq's <c>domain-needed</c>; NXDOMAIN as dnsmasq gives.</summary>
    Dotless,

    /// <summary>The mesh domain or a name under it: dnsmasq's <c>local=/xen/</c>; the zone answers it, never upstream.</summary>
    MeshDomain,

    /// <summary>The reverse zone of a guest subnet this agent owns.</summary>
    OwnedReverseZone,

    /// <summary><c>localhost</c>, <c>invalid</c> and <c>local</c> (RFC 6761, RFC 6762): never sent to the Internet.</summary>
    SpecialUse,
}
