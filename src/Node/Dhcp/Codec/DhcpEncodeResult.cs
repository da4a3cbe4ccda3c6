namespace XenMesh.Node.Dhcp.Codec;

/// <summary>An encoded packet and the options that did not fit (lowest priority first to go; log them).</summary>
public sealed record DhcpEncodeResult(ReadOnlyMemory<byte> Packet, EquatableArray<DhcpOptionCode> DroppedOptions);
