namespace XenMesh.Node.Rip.Codec;

/// <summary>Why a packet was refused; the counters of the speaker are keyed by it.</summary>
public enum RipFormatError
{
    TooShort,
    TooLong,
    UnknownCommand,
    UnsupportedVersion,
    NotWholeEntries,
    TooManyEntries,
    BadMetric,
    BadMask,
    HostBitsSet,
    BadWholeTableRequest,
    AuthenticationNotFirst,
    UnknownAuthentication,
    BadAuthentication,
    BadTrailer,
}
