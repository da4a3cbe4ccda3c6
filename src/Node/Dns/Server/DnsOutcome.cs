namespace XenMesh.Node.Dns.Server;

/// <summary>What the server did with one query; the counters are kept by this value.</summary>
public enum DnsOutcome
{
    /// <summary>An authoritative answer with records.</summary>
    Answer,

    /// <summary>NOERROR without records of the type asked (RFC 2308 NODATA), SOA in authority.</summary>
    NoData,

    /// <summary>The name does not exist in our zone, SOA in authority.</summary>
    NxDomain,

    /// <summary>The answer did not fit the client's UDP limit: TC with header, question and OPT only.</summary>
    Truncated,

    /// <summary>EDNS version above 0 (protocol-rules E3).</summary>
    BadVersion,

    /// <summary>A class other than IN (CHAOS included) or a zone transfer (protocol-rules N7).</summary>
    Refused,

    /// <summary>An OPCODE other than QUERY (protocol-rules N2).</summary>
    NotImplemented,

    /// <summary>A malformed query that still had a header to answer (protocol-rules N2, N3, E2).</summary>
    FormatError,

    /// <summary>Dropped without an answer: shorter than a header (N1).</summary>
    DroppedShort,

    /// <summary>Dropped without an answer: QR = 1, a response sent to the server (N1).</summary>
    DroppedResponse,

    /// <summary>Not in our zones: handed to the recursion side.</summary>
    Recursion,
}
