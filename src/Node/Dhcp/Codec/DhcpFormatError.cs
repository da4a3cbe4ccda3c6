namespace XenMesh.Node.Dhcp.Codec;

/// <summary>Why a packet was dropped; the server counts drops by this value.</summary>
public enum DhcpFormatError
{
    /// <summary>Shorter than the fixed header and the magic cookie (240 octets).</summary>
    TruncatedHeader,

    /// <summary>Longer than <see cref="DhcpLimits.MaxMessageLength"/>.</summary>
    MessageTooLong,

    /// <summary>The four octets after the fixed header are not 99.130.83.99 (BOOTP or garbage).</summary>
    BadMagicCookie,

    /// <summary>An option's length octet is missing or runs past the end of its area.</summary>
    OptionOverrun,

    /// <summary>Option 52 outside the options field, with a length other than 1, or a value other than 1..3.</summary>
    BadOverload,

    /// <summary>A fixed-size option (an address, a time, a type) with the wrong length.</summary>
    BadFixedLength,

    /// <summary>A variable-size option whose length is outside what its definition allows.</summary>
    BadOptionLength,

    /// <summary>More option instances than <see cref="DhcpLimits.MaxOptionInstances"/>.</summary>
    TooManyOptions,

    /// <summary>More option data than <see cref="DhcpLimits.MaxOptionDataBytes"/>.</summary>
    TooMuchOptionData,

    /// <summary>A domain name in wire format (options 81, 119) that is malformed.</summary>
    BadDomainName,
}
