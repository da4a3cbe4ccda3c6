namespace XenMesh.Node.Dns.Wire;

/// <summary>
/// A whole DNS message: <see cref="DnsMessageParser.Parse"/> reads one, <see cref="DnsMessageWriter"/> writes
/// one with name compression. The OPT record is lifted out of the additional section into <see cref="Edns"/>.
/// </summary>
public sealed record DnsMessage
{
    public DnsHeader Header { get; init; }

    public IReadOnlyList<DnsQuestion> Questions { get; init; } = [];

    public IReadOnlyList<DnsResourceRecord> Answers { get; init; } = [];

    public IReadOnlyList<DnsResourceRecord> Authorities { get; init; } = [];

    /// <summary>The additional section without the OPT record.</summary>
    public IReadOnlyList<DnsResourceRecord> Additionals { get; init; } = [];

    /// <summary>The OPT record, or null when the message has none (no EDNS).</summary>
    public EdnsRecord? Edns { get; init; }

    /// <summary>The full 12-bit RCODE: the header's 4 bits and, with EDNS, the OPT's upper 8.</summary>
    public int Rcode => ((Edns?.ExtendedRcode ?? 0) << 4) | Header.Rcode;

    public bool Equals(DnsMessage? other) =>
        other is not null && Header == other.Header && Questions.SequenceEqual(other.Questions) && Answers.SequenceEqual(other.Answers)
        && Authorities.SequenceEqual(other.Authorities) && Additionals.SequenceEqual(other.Additionals) && Equals(Edns, other.Edns);

    public override int GetHashCode() => HashCode.Combine(Header, Questions.Count, Answers.Count, Authorities.Count, Additionals.Count);
}
