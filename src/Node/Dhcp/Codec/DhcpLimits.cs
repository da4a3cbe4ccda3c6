namespace XenMesh.Node.Dhcp.Codec;

/// <summary>Sizes from RFC 2131/951 and the decoder's own bounds on untrusted input.</summary>
public static class DhcpLimits
{
    /// <summary>Fixed header (236) plus the magic cookie (4): the smallest packet that can be DHCP.</summary>
    public const int MinimumMessageLength = 240;

    /// <summary>BOOTP's 300-octet minimum; many clients drop shorter replies, so replies are padded to it.</summary>
    public const int BootpMinimumLength = 300;

    /// <summary>576 octets (every client must accept) less 20 (IPv4 header) and 8 (UDP header).</summary>
    public const int DefaultMaxReplyLength = 548;

    /// <summary>The largest UDP payload over IPv4; anything longer did not come from a socket.</summary>
    public const int MaxMessageLength = 65_507;

    /// <summary>Bound on option instances (pad excluded) per packet; real clients send fewer than 30.</summary>
    public const int MaxOptionInstances = 512;

    /// <summary>Bound on the sum of all option data per packet.</summary>
    public const int MaxOptionDataBytes = 8192;

    /// <summary>IPv4 (20) and UDP (8) headers: the difference between option 57 and the DHCP payload.</summary>
    public const int IpAndUdpHeaderLength = 28;
}
