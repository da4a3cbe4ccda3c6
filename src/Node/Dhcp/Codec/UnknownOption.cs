namespace XenMesh.Node.Dhcp.Codec;

/// <summary>An option XenMesh does not interpret, kept as raw data (which may be empty, as for option 80).</summary>
public sealed record UnknownOption : DhcpOption
{
    public UnknownOption(DhcpOptionCode code, EquatableArray<byte> data)
    {
        if (DhcpOptionDecoder.IsInterpreted(code) || code is DhcpOptionCode.Pad or DhcpOptionCode.End or DhcpOptionCode.Overload)
            throw new ArgumentException($"option {(byte)code} has its own type or is managed by the codec", nameof(code));
        Code = code;
        Data = data;
    }

    public override DhcpOptionCode Code { get; }

    public EquatableArray<byte> Data { get; }

    internal override int DataLength => Data.Count;

    internal override void WriteData(Span<byte> destination) => Data.AsSpan().CopyTo(destination);
}
