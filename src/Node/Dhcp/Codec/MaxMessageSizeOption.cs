using System.Buffers.Binary;

namespace XenMesh.Node.Dhcp.Codec;

/// <summary>Option 57: the largest IP datagram the client accepts; values below 576 mean 576.</summary>
public sealed record MaxMessageSizeOption(ushort Size) : DhcpOption
{
    public override DhcpOptionCode Code => DhcpOptionCode.MaxMessageSize;

    internal override int DataLength => 2;

    internal override void WriteData(Span<byte> destination) => BinaryPrimitives.WriteUInt16BigEndian(destination, Size);
}
