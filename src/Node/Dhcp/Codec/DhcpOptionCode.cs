namespace XenMesh.Node.Dhcp.Codec;

/// <summary>Option codes XenMesh names; every other code is still representable (as <see cref="UnknownOption"/>).</summary>
public enum DhcpOptionCode : byte
{
    Pad = 0,
    SubnetMask = 1,
    Router = 3,
    DomainNameServer = 6,
    HostName = 12,
    DomainName = 15,
    BroadcastAddress = 28,
    RequestedIpAddress = 50,
    LeaseTime = 51,
    Overload = 52,
    MessageType = 53,
    ServerIdentifier = 54,
    ParameterRequestList = 55,
    Message = 56,
    MaxMessageSize = 57,
    RenewalTime = 58,
    RebindingTime = 59,
    ClientIdentifier = 61,
    ClientFqdn = 81,
    RelayAgentInformation = 82,
    DomainSearch = 119,
    End = 255,
}
