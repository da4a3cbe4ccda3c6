using System.Diagnostics.CodeAnalysis;

namespace XenMesh.Node.Dns.Wire;

/// <summary>CLASS and QCLASS values XenMesh names; OPT reuses the field for the UDP payload size.</summary>
[SuppressMessage("Design", "CA1028:Enum storage should be Int32", Justification = "The wire field is 16 bits.")]
[SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "RFC 1035 mnemonics.")]
public enum DnsClass : ushort
{
    IN = 1,
    CH = 3,
    HS = 4,
    NONE = 254,
    ANY = 255,
}
