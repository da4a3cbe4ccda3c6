using System.Buffers.Binary;

namespace XenMesh.Node.Dhcp.Codec;

/// <summary>Option 57: the largest IP datagram the client accepts; values below 576 mean 576.</summary>
public sealed record MaxMessageSizeOption(ushort Size) : DhcpOption
{
    public override DhcpOptionCode Code => DhcpOptionCode.MaxMessageSize;

    internal override byte[] EncodeData()
    {
        var data = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(data, Size);
        return data;
    }
}
