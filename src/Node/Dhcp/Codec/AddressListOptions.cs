using System.Net;

namespace XenMesh.Node.Dhcp.Codec;

/// <summary>An option holding one or more IPv4 addresses, in order of preference.</summary>
public abstract record AddressListOption : DhcpOption
{
    private protected AddressListOption(EquatableArray<IPAddress> addresses)
    {
        if (addresses.Count == 0)
            throw new ArgumentException("at least one address is required", nameof(addresses));
        foreach (var address in addresses)
            Ipv4.Require(address, nameof(addresses));
        Addresses = addresses;
    }

    public EquatableArray<IPAddress> Addresses { get; }

    internal override int DataLength => 4 * Addresses.Count;

    internal override void WriteData(Span<byte> destination)
    {
        var addresses = Addresses.AsSpan();
        for (var i = 0; i < addresses.Length; i++)
            Ipv4.Write(addresses[i], destination[(4 * i)..]);
    }
}

/// <summary>Option 3.</summary>
public sealed record RouterOption(EquatableArray<IPAddress> Addresses) : AddressListOption(Addresses)
{
    public override DhcpOptionCode Code => DhcpOptionCode.Router;
}

/// <summary>Option 6.</summary>
public sealed record DomainNameServerOption(EquatableArray<IPAddress> Addresses) : AddressListOption(Addresses)
{
    public override DhcpOptionCode Code => DhcpOptionCode.DomainNameServer;
}
