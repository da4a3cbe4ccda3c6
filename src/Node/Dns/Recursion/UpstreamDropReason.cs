namespace XenMesh.Node.Dns.Recursion;

/// <summary>
/// Why a datagram arriving on an upstream query's socket was not taken as the answer (RFC 5452,
/// protocol-rules F2). Each is counted; a flood of them is a spoofing attempt (CVE-2020-25684).
/// </summary>
public enum UpstreamDropReason
{
    /// <summary>Not from the address and port the query went to.</summary>
    WrongSource,

    /// <summary>Not a well-formed DNS message.</summary>
    Malformed,

    /// <summary>QR is 0: a query, not a response.</summary>
    NotResponse,

    /// <summary>The ID is not the one the query carried.</summary>
    WrongId,

    /// <summary>The question (name case-insensitively, type, class) is not the one asked.</summary>
    WrongQuestion,
}
