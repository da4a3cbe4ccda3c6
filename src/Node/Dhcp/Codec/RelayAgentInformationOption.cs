namespace XenMesh.Node.Dhcp.Codec;

/// <summary>
/// Option 82, kept opaque: on a guest bridge it can only be forged (D15), so nothing interprets it
/// and the encoder writes it only when a caller puts it in a message explicitly.
/// </summary>
public sealed record RelayAgentInformationOption(EquatableArray<byte> Data) : DhcpOption
{
    public override DhcpOptionCode Code => DhcpOptionCode.RelayAgentInformation;

    internal override int DataLength => Data.Count;

    internal override void WriteData(Span<byte> destination) => Data.AsSpan().CopyTo(destination);
}
