namespace XenMesh.Node.Rip.Codec;

/// <summary>Sizes and constants of the RIPv2 wire format (RFC 2453 §4, RFC 4822 §2.5).</summary>
public static class RipLayout
{
    /// <summary>The UDP port RIP is sent from and to.</summary>
    public const int Port = 520;

    /// <summary>The version this codec reads and writes.</summary>
    public const byte Version = 2;

    /// <summary>Command, version, two must-be-zero octets.</summary>
    public const int HeaderLength = 4;

    public const int EntryLength = 20;

    /// <summary>RFC 2453 §3.6: at most 25 entries follow the header, an authentication entry counting as one.</summary>
    public const int MaxEntries = 25;

    /// <summary>The unreachable metric.</summary>
    public const int Infinity = 16;

    public const ushort FamilyIpv4 = 2;

    /// <summary>The family of the entry that asks for the whole table (RFC 2453 §3.9.1).</summary>
    public const ushort FamilyUnspecified = 0;

    public const ushort FamilyAuthentication = 0xFFFF;

    public const ushort AuthenticationPassword = 2;

    public const ushort AuthenticationKeyedMd5 = 3;

    /// <summary>The type field of the keyed-MD5 trailer (RFC 4822 §2.5).</summary>
    public const ushort TrailerType = 1;

    public const int Md5DigestLength = 16;

    /// <summary>The authentication data length field for keyed MD5: trailer header plus digest.</summary>
    public const int Md5TrailerLength = 4 + Md5DigestLength;

    public const int PasswordLength = 16;

    /// <summary>The largest packet this codec writes or reads: 25 entries plus a keyed-MD5 trailer.</summary>
    public const int MaxPacketLength = HeaderLength + (MaxEntries * EntryLength) + Md5TrailerLength;

    /// <summary>How many route entries fit in one packet with or without an authentication entry.</summary>
    public static int RoutesPerPacket(bool authenticated) => authenticated ? MaxEntries - 1 : MaxEntries;
}
