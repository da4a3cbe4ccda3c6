using System.Diagnostics.CodeAnalysis;

namespace XenMesh.Node.Dns.Wire;

/// <summary>RR TYPE and QTYPE values XenMesh names; any other 16-bit value is valid and carried as is.</summary>
[SuppressMessage("Design", "CA1028:Enum storage should be Int32", Justification = "The wire field is 16 bits.")]
[SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "RFC 1035 mnemonics.")]
public enum DnsRecordType : ushort
{
    A = 1,
    NS = 2,
    CNAME = 5,
    SOA = 6,
    PTR = 12,
    MX = 15,
    TXT = 16,
    AAAA = 28,
    SRV = 33,
    OPT = 41,
    DNSKEY = 48,
    IXFR = 251,
    AXFR = 252,
    ANY = 255,
}
