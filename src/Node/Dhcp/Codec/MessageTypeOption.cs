namespace XenMesh.Node.Dhcp.Codec;

/// <summary>Option 53: without it a packet is BOOTP.</summary>
public sealed record MessageTypeOption(DhcpMessageType Type) : DhcpOption
{
    public override DhcpOptionCode Code => DhcpOptionCode.MessageType;

    internal override int DataLength => 1;

    internal override void WriteData(Span<byte> destination) => destination[0] = (byte)Type;
}
