namespace XenMesh.Node.Dhcp.Codec;

/// <summary>Option 53. Values outside 1..8 (lease query and others) are kept as received.</summary>
public enum DhcpMessageType : byte
{
    Discover = 1,
    Offer = 2,
    Request = 3,
    Decline = 4,
    Ack = 5,
    Nak = 6,
    Release = 7,
    Inform = 8,
}
