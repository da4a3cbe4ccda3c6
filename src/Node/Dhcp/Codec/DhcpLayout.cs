namespace XenMesh.Node.Dhcp.Codec;

/// <summary>Offsets of the fixed header (RFC 2131 Figure 1).</summary>
internal static class DhcpLayout
{
    public const int Operation = 0;
    public const int HardwareType = 1;
    public const int HardwareAddressLength = 2;
    public const int Hops = 3;
    public const int TransactionId = 4;
    public const int Seconds = 8;
    public const int Flags = 10;
    public const int ClientAddress = 12;
    public const int YourAddress = 16;
    public const int ServerAddress = 20;
    public const int RelayAddress = 24;
    public const int ClientHardwareAddress = 28;
    public const int ServerName = 44;
    public const int BootFileName = 108;
    public const int MagicCookie = 236;
    public const int Options = 240;

    /// <summary>99.130.83.99.</summary>
    public const uint MagicCookieValue = 0x63825363;

    /// <summary>Option 52 values: which fields carry options besides the options field.</summary>
    public const byte OverloadFile = 1;
    public const byte OverloadServerName = 2;
}
