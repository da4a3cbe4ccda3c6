using System.Net;
using FsCheck;
using FsCheck.Fluent;
using XenMesh.Node.Dhcp.Codec;

namespace XenMesh.Tests.Dhcp.Codec;

/// <summary>
/// Generators for messages with every option type, sizes that cross the 255-octet instance limit
/// and the 548-octet reply limit, names that share suffixes (so 119 compresses), and any octet in
/// text (Latin-1 round trip).
/// </summary>
public static class DhcpArbitraries
{
    private static readonly DhcpOptionCode[] UninterpretedCodes = [.. new byte[] { 2, 4, 26, 42, 60, 66, 67, 80, 121, 125, 150, 224, 254 }.Select(b => (DhcpOptionCode)b)];

    private static readonly string[] Suffixes = ["xen", "example.org", "eng.example.org", "a.b.c.d"];

    private static Gen<byte> Octet => Gen.Choose(0, 255).Select(i => (byte)i);

    private static Gen<char> Latin1Char => Gen.Choose(0, 255).Select(i => (char)i);

    private static Gen<IPAddress> Address => Gen.ArrayOf(Octet, 4).Select(b => new IPAddress(b));

    private static Gen<uint> UInt32 => Gen.Choose(0, 0xffff).Two().Select(t => ((uint)t.Item1 << 16) | (uint)t.Item2);

    public static Arbitrary<DhcpMessage> Messages() => Message.ToArbitrary();

    internal static Gen<DhcpMessage> Message =>
        from header in Gen.ArrayOf(Octet, 4)
        from xid in UInt32
        from secs in Gen.Choose(0, 0xffff)
        from flags in Gen.Elements(0, 0x8000, 0x8001, 0x0100)
        from addresses in Gen.ArrayOf(Address, 4)
        from chaddr in Gen.ArrayOf(Octet, 16)
        from sname in Gen.Frequency((4, Gen.Constant("")), (1, Text(1, DhcpMessage.ServerNameLength, noNul: true)))
        from file in Gen.Frequency((4, Gen.Constant("")), (1, Text(1, DhcpMessage.BootFileNameLength, noNul: true)))
        from options in Options
        select new DhcpMessage
        {
            Operation = (DhcpOperation)header[0],
            HardwareType = header[1],
            HardwareAddressLength = header[2],
            Hops = header[3],
            TransactionId = xid,
            Seconds = (ushort)secs,
            Flags = (DhcpFlagBits)flags,
            ClientAddress = addresses[0],
            YourAddress = addresses[1],
            ServerAddress = addresses[2],
            RelayAddress = addresses[3],
            ClientHardwareAddress = ClientHardwareAddress.FromBytes(chaddr),
            ServerName = sname,
            BootFileName = file,
            Options = options,
        };

    private static Gen<DhcpOptionSet> Options =>
        Gen.SubListOf(OptionGenerators())
            .SelectMany(gens => Gen.CollectToList(gens))
            .SelectMany(options => Gen.Shuffle<DhcpOption>(options))
            .Select(options => new DhcpOptionSet(options));

    private static IEnumerable<Gen<DhcpOption>> OptionGenerators()
    {
        var addresses = Gen.Choose(1, 70).SelectMany(n => Gen.ArrayOf(Address, n)).Select(a => EquatableArray.From(a));
        var seconds = Gen.Frequency((4, UInt32), (1, Gen.Constant(TimeOption.Infinite)));
        var text = Gen.Frequency((5, Text(1, 40)), (1, Text(200, 400)));
        yield return Address.Select(a => (DhcpOption)new SubnetMaskOption(a));
        yield return Address.Select(a => (DhcpOption)new BroadcastAddressOption(a));
        yield return Address.Select(a => (DhcpOption)new RequestedAddressOption(a));
        yield return Address.Select(a => (DhcpOption)new ServerIdentifierOption(a));
        yield return addresses.Select(a => (DhcpOption)new RouterOption(a));
        yield return addresses.Select(a => (DhcpOption)new DomainNameServerOption(a));
        yield return seconds.Select(s => (DhcpOption)new LeaseTimeOption(s));
        yield return seconds.Select(s => (DhcpOption)new RenewalTimeOption(s));
        yield return seconds.Select(s => (DhcpOption)new RebindingTimeOption(s));
        yield return text.Select(t => (DhcpOption)new HostNameOption(t));
        yield return text.Select(t => (DhcpOption)new DomainNameOption(t));
        yield return text.Select(t => (DhcpOption)new MessageOption(t));
        yield return Octet.Select(b => (DhcpOption)new MessageTypeOption((DhcpMessageType)b));
        yield return Gen.Choose(0, 0xffff).Select(s => (DhcpOption)new MaxMessageSizeOption((ushort)s));
        yield return Gen.Choose(1, 300).SelectMany(n => Gen.ArrayOf(Octet, n))
            .Select(codes => (DhcpOption)new ParameterRequestListOption([.. codes.Select(c => (DhcpOptionCode)c)]));
        yield return Gen.Choose(2, 300).SelectMany(n => Gen.ArrayOf(Octet, n)).Select(id => (DhcpOption)new ClientIdentifierOption([.. id]));
        yield return Gen.Choose(0, 300).SelectMany(n => Gen.ArrayOf(Octet, n)).Select(d => (DhcpOption)new RelayAgentInformationOption([.. d]));
        yield return ClientFqdn;
        yield return Gen.Choose(1, 8).SelectMany(n => Gen.ArrayOf(SearchDomain, n)).Select(d => (DhcpOption)new DomainSearchOption([.. d]));
        foreach (var code in UninterpretedCodes)
        {
            yield return Gen.Frequency((6, Gen.Choose(0, 20)), (1, Gen.Choose(200, 300)))
                .SelectMany(n => Gen.ArrayOf(Octet, n))
                .Select(d => (DhcpOption)new UnknownOption(code, [.. d]));
        }
    }

    private static Gen<DhcpOption> ClientFqdn =>
        from flags in Gen.Choose(0, 255)
        from rcodes in Gen.ArrayOf(Octet, 2)
        from name in (flags & (int)ClientFqdnFlagBits.Encoded) != 0
            ? Gen.OneOf(DomainName, DomainName.Select(n => n + "."), Gen.Constant(""), Gen.Constant("."))
            : Text(0, 60)
        select (DhcpOption)new ClientFqdnOption((ClientFqdnFlagBits)flags, name, rcodes[0], rcodes[1]);

    private static Gen<string> Label =>
        Gen.Frequency((6, Gen.Choose(1, 10)), (1, Gen.Choose(50, 63)))
            .SelectMany(n => Gen.ArrayOf(Latin1Char.Where(c => c != '.'), n))
            .Select(c => new string(c));

    private static Gen<string> DomainName =>
        Gen.Choose(1, 3).SelectMany(n => Gen.ArrayOf(Label, n)).Select(labels => string.Join('.', labels));

    private static Gen<string> SearchDomain => Gen.Frequency(
        (3, Gen.Elements(Suffixes)),
        (3, Label.SelectMany(l => Gen.Elements(Suffixes), (l, s) => $"{l}.{s}")),
        (2, DomainName),
        (1, Gen.Constant("")));

    private static Gen<string> Text(int min, int max, bool noNul = false) =>
        Gen.Choose(min, max)
            .SelectMany(n => Gen.ArrayOf(noNul ? Latin1Char.Where(c => c != '\0') : Latin1Char, n))
            .Select(c => new string(c));
}
