namespace XenMesh.Node.Dhcp.Codec;

/// <summary>The BOOTP <c>op</c> field; any other octet value is kept as received.</summary>
public enum DhcpOperation : byte
{
    BootRequest = 1,
    BootReply = 2,
}
