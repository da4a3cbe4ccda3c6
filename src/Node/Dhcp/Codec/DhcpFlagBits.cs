namespace XenMesh.Node.Dhcp.Codec;

/// <summary>The <c>flags</c> field; bits other than broadcast must be zero but are kept as received.</summary>
[Flags]
public enum DhcpFlagBits : ushort
{
    None = 0,

    /// <summary>The client cannot receive unicast before it is configured: answer to 255.255.255.255.</summary>
    Broadcast = 0x8000,
}
