namespace XenMesh.Node.Dns.Wire;

/// <summary>
/// The OPT pseudo-record of a message (RFC 6891 §6.1): CLASS carries the sender's UDP payload size, TTL the
/// upper 8 bits of the extended RCODE, the version, DO and the remaining Z bits.
/// </summary>
/// <param name="UdpPayloadSize">The largest UDP response the sender accepts, as sent (values below 512 mean 512).</param>
/// <param name="ExtendedRcode">The upper 8 bits of the 12-bit RCODE.</param>
/// <param name="Version">The EDNS version; only 0 exists.</param>
/// <param name="DnssecOk">The DO bit.</param>
/// <param name="Z">The 15 flag bits after DO, as sent.</param>
/// <param name="Options">The options in order (code, data).</param>
public sealed record EdnsRecord(
    ushort UdpPayloadSize,
    byte ExtendedRcode,
    byte Version,
    bool DnssecOk,
    ushort Z,
    IReadOnlyList<EdnsOption> Options)
{
    public const ushort DnssecOkBit = 0x8000;

    public bool Equals(EdnsRecord? other) =>
        other is not null && UdpPayloadSize == other.UdpPayloadSize && ExtendedRcode == other.ExtendedRcode
        && Version == other.Version && DnssecOk == other.DnssecOk && Z == other.Z && Options.SequenceEqual(other.Options);

    public override int GetHashCode() => HashCode.Combine(UdpPayloadSize, ExtendedRcode, Version, DnssecOk, Z, Options.Count);
}

/// <summary>One EDNS option (code, length, data).</summary>
public sealed record EdnsOption(ushort Code, ReadOnlyMemory<byte> Data)
{
    public bool Equals(EdnsOption? other) => other is not null && Code == other.Code && Data.Span.SequenceEqual(other.Data.Span);

    public override int GetHashCode() => HashCode.Combine(Code, Data.Length);
}
