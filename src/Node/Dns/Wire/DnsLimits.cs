namespace XenMesh.Node.Dns.Wire;

/// <summary>The sizes RFC 1035, RFC 6891 and DNS Flag Day 2020 fix.</summary>
public static class DnsLimits
{
    /// <summary>The fixed header.</summary>
    public const int HeaderLength = 12;

    /// <summary>A name in wire form, length octets and the root label included.</summary>
    public const int MaxNameLength = 255;

    /// <summary>One label.</summary>
    public const int MaxLabelLength = 63;

    /// <summary>A whole message (the TCP length prefix is 16 bits).</summary>
    public const int MaxMessageLength = 65535;

    /// <summary>UDP without EDNS, and the floor of any EDNS payload size (RFC 6891 §6.2.5).</summary>
    public const int ClassicUdpPayload = 512;

    /// <summary>The most XenMesh sends over UDP and advertises in its OPT (DNS Flag Day 2020, protocol-rules E5).</summary>
    public const int MaxUdpPayload = 1232;

    /// <summary>Compression pointers carry 14 bits of offset.</summary>
    public const int MaxPointerTarget = 0x3fff;
}
