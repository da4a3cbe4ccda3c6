namespace XenMesh.Node.Dns.Wire;

/// <summary>Why a DNS message was rejected; servers count drops and FORMERR answers by this value.</summary>
public enum DnsFormatError
{
    /// <summary>No error: the status the non-throwing readers return on success.</summary>
    None = 0,

    /// <summary>Shorter than the 12-octet header.</summary>
    TruncatedHeader,

    /// <summary>Longer than 65 535 octets, the most a DNS message can be.</summary>
    MessageTooLong,

    /// <summary>A name runs past the end of the message (a label, a pointer's second octet, or the root label is missing).</summary>
    TruncatedName,

    /// <summary>A label length octet with the reserved prefixes <c>01</c> or <c>10</c> (RFC 6891 §5, RFC 9267 §2).</summary>
    BadLabelType,

    /// <summary>The decompressed name is longer than 255 octets (RFC 1035 §3.1).</summary>
    NameTooLong,

    /// <summary>
    /// A compression pointer that does not point strictly before the name segment it ends (which rules out
    /// forward pointers, pointers past the message, self-pointers and loops; RFC 9267 §2).
    /// </summary>
    BadPointer,

    /// <summary>A question runs past the end of the message.</summary>
    TruncatedQuestion,

    /// <summary>A resource record's fixed part or RDATA runs past the end of the message.</summary>
    TruncatedRecord,

    /// <summary>The header counts claim more questions and records than the remaining octets can hold.</summary>
    CountsExceedMessage,

    /// <summary>Octets left after the last record the header counts announce.</summary>
    TrailingBytes,

    /// <summary>The RDATA of a known type is not exactly RDLENGTH octets long (RFC 1035, protocol-rules N3).</summary>
    RdataLengthMismatch,

    /// <summary>An OPT record outside the additional section, or with an owner other than the root (RFC 6891 §6.1.1).</summary>
    MisplacedOpt,

    /// <summary>More than one OPT record (RFC 6891 §6.1.1).</summary>
    DuplicateOpt,

    /// <summary>An EDNS option whose length runs past the OPT RDATA.</summary>
    EdnsOptionOverrun,

    /// <summary>A query whose QDCOUNT is not 1 (RFC 9619).</summary>
    QuestionCount,

    /// <summary>A query carrying answer or authority records.</summary>
    RecordsInQuery,
}
