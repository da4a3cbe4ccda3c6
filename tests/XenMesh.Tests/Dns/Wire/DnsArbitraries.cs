using System.Net;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using XenMesh.Node.Dns.Wire;

namespace XenMesh.Tests.Dns.Wire;

/// <summary>
/// Generators for whole messages: names drawn from a few shared suffixes in mixed case (so compression has
/// suffixes to find and must match them case-insensitively), now and then a label of arbitrary octets, every
/// typed RDATA, opaque RDATA, and EDNS with options.
/// </summary>
public static class DnsArbitraries
{
    private static readonly string[] Suffixes = ["xen", "XEN", "0.168.192.in-addr.arpa", "example.org", "Eng.Example.ORG", "a.b.c.d.e"];

    private static readonly DnsRecordType[] OpaqueTypes = [DnsRecordType.TXT, DnsRecordType.DNSKEY, (DnsRecordType)1234, (DnsRecordType)65535];

    private static Gen<byte> Octet => Gen.Choose(0, 255).Select(i => (byte)i);

    private static Gen<ushort> UInt16 => Gen.Choose(0, 0xffff).Select(i => (ushort)i);

    private static Gen<uint> UInt32 => Gen.Choose(0, 0xffff).Two().Select(t => ((uint)t.Item1 << 16) | (uint)t.Item2);

    public static Arbitrary<DnsMessage> Messages() => Message.ToArbitrary();

    public static Arbitrary<DnsName> Names() => Name.ToArbitrary();

    internal static Gen<DnsName> Name =>
        Gen.Frequency(
            (1, Gen.Constant(DnsName.Root)),
            (8, from suffix in Gen.Elements(Suffixes)
                from prefix in Gen.Choose(0, 3).SelectMany(n => Gen.ArrayOf(Label, n))
                select prefix.Aggregate(DnsName.Parse(suffix), (name, label) => name.Prepend(label))));

    private static Gen<byte[]> Label =>
        Gen.Frequency(
            (6, Gen.Elements("xen1", "db", "Web", "mail", "1", "254").Select(Encoding.ASCII.GetBytes)),
            (1, Gen.Choose(1, 63).SelectMany(n => Gen.ArrayOf(Octet, n))));

    internal static Gen<DnsMessage> Message =>
        from header in UInt16.Two()
        from questions in Gen.Choose(0, 3).SelectMany(n => Gen.ArrayOf(Question, n))
        from answers in Records(4)
        from authorities in Records(2)
        from additionals in Records(2)
        from edns in Gen.Frequency((1, Gen.Constant<EdnsRecord?>(null)), (2, Edns.Select(e => (EdnsRecord?)e)))
        select new DnsMessage
        {
            Header = new DnsHeader(header.Item1, header.Item2),
            Questions = questions,
            Answers = answers,
            Authorities = authorities,
            Additionals = additionals,
            Edns = edns,
        };

    private static Gen<DnsQuestion> Question =>
        from name in Name
        from type in Gen.Elements(DnsRecordType.A, DnsRecordType.PTR, DnsRecordType.SOA, DnsRecordType.ANY, (DnsRecordType)4321)
        from @class in Gen.Elements(DnsClass.IN, DnsClass.CH, DnsClass.ANY)
        select new DnsQuestion(name, type, @class);

    private static Gen<DnsResourceRecord[]> Records(int max) => Gen.Choose(0, max).SelectMany(n => Gen.ArrayOf(Record, n));

    private static Gen<DnsResourceRecord> Record =>
        from name in Name
        from ttl in UInt32
        from @class in Gen.Elements(DnsClass.IN, DnsClass.IN, (DnsClass)7)
        from typed in Gen.OneOf(
            Gen.ArrayOf(Octet, 4).Select(b => (DnsRecordType.A, (DnsRecordData)new AddressRecordData(new IPAddress(b)))),
            Gen.ArrayOf(Octet, 16).Select(b => (DnsRecordType.AAAA, (DnsRecordData)new AddressRecordData(new IPAddress(b)))),
            from type in Gen.Elements(DnsRecordType.NS, DnsRecordType.CNAME, DnsRecordType.PTR)
            from target in Name
            select (type, (DnsRecordData)new NameRecordData(target)),
            from primary in Name
            from mailbox in Name
            from counters in Gen.ArrayOf(UInt32, 5)
            select (DnsRecordType.SOA, (DnsRecordData)new SoaRecordData(primary, mailbox, counters[0], counters[1], counters[2], counters[3], counters[4])),
            from type in Gen.Elements(OpaqueTypes)
            from bytes in Gen.Choose(0, 40).SelectMany(n => Gen.ArrayOf(Octet, n))
            select (type, (DnsRecordData)new OpaqueRecordData(bytes)),
            from preference in Gen.ArrayOf(Octet, 2)
            from exchange in Name
            select (DnsRecordType.MX, (DnsRecordData)new OpaqueRecordData((byte[])[.. preference, .. exchange.Wire])))
        select new DnsResourceRecord(name, typed.Item1, @class, ttl, typed.Item2);

    private static Gen<EdnsRecord> Edns =>
        from size in UInt16
        from rcode in Octet
        from version in Gen.Elements<byte>(0, 0, 1, 255)
        from dnssecOk in Gen.Elements(true, false)
        from z in Gen.Choose(0, 0x7fff)
        from options in Gen.Choose(0, 3).SelectMany(n => Gen.ArrayOf(
            from code in UInt16
            from data in Gen.Choose(0, 20).SelectMany(l => Gen.ArrayOf(Octet, l))
            select new EdnsOption(code, data), n))
        select new EdnsRecord(size, rcode, version, dnssecOk, (ushort)z, options);
}
