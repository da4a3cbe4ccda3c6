namespace XenMesh.Node.Dhcp.Codec;

/// <summary>
/// Option 119 (RFC 3397): the DNS search list, written with compression. Names are fully
/// qualified and given without the trailing dot (<c>xen</c>).
/// </summary>
public sealed record DomainSearchOption : DhcpOption
{
    public DomainSearchOption(EquatableArray<string> domains)
    {
        if (domains.Count == 0)
            throw new ArgumentException("at least one domain is required", nameof(domains));
        foreach (var domain in domains)
        {
            if (domain.EndsWith('.'))
                throw new ArgumentException($"'{domain}': give search domains without the trailing dot", nameof(domains));
        }

        // Encoding checks labels and lengths: an option that exists can always be written.
        DomainNameWire.EncodeList(domains);
        Domains = domains;
    }

    public EquatableArray<string> Domains { get; }

    public override DhcpOptionCode Code => DhcpOptionCode.DomainSearch;

    // Built twice (length, then data): XenMesh sends no option 119 on its own, so only a caller that adds one pays.
    internal override int DataLength => DomainNameWire.EncodeList(Domains).Length;

    internal override void WriteData(Span<byte> destination) => DomainNameWire.EncodeList(Domains).CopyTo(destination);
}
