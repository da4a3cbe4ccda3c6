namespace XenMesh.Node.Dhcp.Codec;

/// <summary>Option 55: the codes a client asks for, in its order of preference (duplicates kept as sent).</summary>
public sealed record ParameterRequestListOption : DhcpOption
{
    public ParameterRequestListOption(EquatableArray<DhcpOptionCode> codes)
    {
        if (codes.Count == 0)
            throw new ArgumentException("at least one code is required", nameof(codes));
        Codes = codes;
    }

    public EquatableArray<DhcpOptionCode> Codes { get; }

    public override DhcpOptionCode Code => DhcpOptionCode.ParameterRequestList;

    internal override int DataLength => Codes.Count;

    internal override void WriteData(Span<byte> destination)
    {
        var codes = Codes.AsSpan();
        for (var i = 0; i < codes.Length; i++)
            destination[i] = (byte)codes[i];
    }
}
