using System.Net;

namespace XenMesh.Node.Dhcp.Codec;

/// <summary>An option holding exactly one IPv4 address (four octets).</summary>
public abstract record AddressOption : DhcpOption
{
    private protected AddressOption(IPAddress address) => Address = Ipv4.Require(address, nameof(address));

    public IPAddress Address { get; }

    internal override int DataLength => 4;

    internal override void WriteData(Span<byte> destination) => Ipv4.Write(Address, destination);
}

/// <summary>Option 1.</summary>
public sealed record SubnetMaskOption(IPAddress Address) : AddressOption(Address)
{
    public override DhcpOptionCode Code => DhcpOptionCode.SubnetMask;
}

/// <summary>Option 28.</summary>
public sealed record BroadcastAddressOption(IPAddress Address) : AddressOption(Address)
{
    public override DhcpOptionCode Code => DhcpOptionCode.BroadcastAddress;
}

/// <summary>Option 50: the address a client asks for (DISCOVER, SELECTING and INIT-REBOOT REQUEST).</summary>
public sealed record RequestedAddressOption(IPAddress Address) : AddressOption(Address)
{
    public override DhcpOptionCode Code => DhcpOptionCode.RequestedIpAddress;
}

/// <summary>Option 54: the server's address, in every OFFER, ACK and NAK and in a SELECTING REQUEST.</summary>
public sealed record ServerIdentifierOption(IPAddress Address) : AddressOption(Address)
{
    public override DhcpOptionCode Code => DhcpOptionCode.ServerIdentifier;
}
