using System.Buffers.Binary;
using System.Net;

namespace XenMesh.Node.Dhcp.Codec;

/// <summary>Interprets one option's concatenated data by its code; the length rules are RFC 2132's.</summary>
internal static class DhcpOptionDecoder
{
    public static bool IsInterpreted(DhcpOptionCode code) => code is
        DhcpOptionCode.SubnetMask or DhcpOptionCode.Router or DhcpOptionCode.DomainNameServer or DhcpOptionCode.HostName
        or DhcpOptionCode.DomainName or DhcpOptionCode.BroadcastAddress or DhcpOptionCode.RequestedIpAddress
        or DhcpOptionCode.LeaseTime or DhcpOptionCode.MessageType or DhcpOptionCode.ServerIdentifier
        or DhcpOptionCode.ParameterRequestList or DhcpOptionCode.Message or DhcpOptionCode.MaxMessageSize
        or DhcpOptionCode.RenewalTime or DhcpOptionCode.RebindingTime or DhcpOptionCode.ClientIdentifier
        or DhcpOptionCode.ClientFqdn or DhcpOptionCode.RelayAgentInformation or DhcpOptionCode.DomainSearch;

    public static DhcpOption Decode(DhcpOptionCode code, ReadOnlySpan<byte> data) => code switch
    {
        DhcpOptionCode.SubnetMask => new SubnetMaskOption(Address(code, data)),
        DhcpOptionCode.BroadcastAddress => new BroadcastAddressOption(Address(code, data)),
        DhcpOptionCode.RequestedIpAddress => new RequestedAddressOption(Address(code, data)),
        DhcpOptionCode.ServerIdentifier => new ServerIdentifierOption(Address(code, data)),
        DhcpOptionCode.Router => new RouterOption(Addresses(code, data)),
        DhcpOptionCode.DomainNameServer => new DomainNameServerOption(Addresses(code, data)),
        DhcpOptionCode.LeaseTime => new LeaseTimeOption(Seconds(code, data)),
        DhcpOptionCode.RenewalTime => new RenewalTimeOption(Seconds(code, data)),
        DhcpOptionCode.RebindingTime => new RebindingTimeOption(Seconds(code, data)),
        DhcpOptionCode.HostName => new HostNameOption(Text(code, data)),
        DhcpOptionCode.DomainName => new DomainNameOption(Text(code, data)),
        DhcpOptionCode.Message => new MessageOption(Text(code, data)),
        DhcpOptionCode.MessageType => new MessageTypeOption((DhcpMessageType)Fixed(code, data, 1)[0]),
        DhcpOptionCode.MaxMessageSize => new MaxMessageSizeOption(BinaryPrimitives.ReadUInt16BigEndian(Fixed(code, data, 2))),
        DhcpOptionCode.ParameterRequestList =>
            new ParameterRequestListOption(EquatableArray.From(AtLeast(code, data, 1).ToArray().Select(b => (DhcpOptionCode)b))),
        DhcpOptionCode.ClientIdentifier => new ClientIdentifierOption([.. AtLeast(code, data, 2)]),
        DhcpOptionCode.ClientFqdn => ClientFqdn(AtLeast(code, data, 3)),
        DhcpOptionCode.DomainSearch => new DomainSearchOption(EquatableArray.From(DomainNameWire.DecodeList(AtLeast(code, data, 1)))),
        DhcpOptionCode.RelayAgentInformation => new RelayAgentInformationOption([.. data]),
        _ => new UnknownOption(code, [.. data]),
    };

    private static ClientFqdnOption ClientFqdn(ReadOnlySpan<byte> data)
    {
        var flags = (ClientFqdnFlagBits)data[0];
        var name = (flags & ClientFqdnFlagBits.Encoded) != 0 ? DomainNameWire.DecodeUncompressed(data[3..]) : Latin1.Decode(data[3..]);
        return new ClientFqdnOption(flags, name, data[1], data[2]);
    }

    private static IPAddress Address(DhcpOptionCode code, ReadOnlySpan<byte> data) => Ipv4.Read(Fixed(code, data, 4));

    private static uint Seconds(DhcpOptionCode code, ReadOnlySpan<byte> data) => BinaryPrimitives.ReadUInt32BigEndian(Fixed(code, data, 4));

    private static EquatableArray<IPAddress> Addresses(DhcpOptionCode code, ReadOnlySpan<byte> data)
    {
        if (data.Length == 0 || data.Length % 4 != 0)
            throw new DhcpFormatException(DhcpFormatError.BadOptionLength, $"option {(byte)code} has {data.Length} octets, not a positive multiple of 4");
        var addresses = new IPAddress[data.Length / 4];
        for (var i = 0; i < addresses.Length; i++)
            addresses[i] = Ipv4.Read(data[(4 * i)..]);
        return new EquatableArray<IPAddress>(addresses);
    }

    private static string Text(DhcpOptionCode code, ReadOnlySpan<byte> data) => Latin1.Decode(AtLeast(code, data, 1));

    private static ReadOnlySpan<byte> Fixed(DhcpOptionCode code, ReadOnlySpan<byte> data, int length) =>
        data.Length == length
            ? data
            : throw new DhcpFormatException(DhcpFormatError.BadFixedLength, $"option {(byte)code} has {data.Length} octets instead of {length}");

    private static ReadOnlySpan<byte> AtLeast(DhcpOptionCode code, ReadOnlySpan<byte> data, int length) =>
        data.Length >= length
            ? data
            : throw new DhcpFormatException(DhcpFormatError.BadOptionLength, $"option {(byte)code} has {data.Length} octets, fewer than {length}");
}
