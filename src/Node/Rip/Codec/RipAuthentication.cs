namespace XenMesh.Node.Rip.Codec;

/// <summary>The authentication entry that may open a RIPv2 packet (address family 0xFFFF).</summary>
public abstract record RipAuthentication;

/// <summary>
/// Simple password authentication (RFC 2453 §4.1, type 2): the password in clear text. Bytes are mapped
/// one to one (Latin-1), trailing NUL padding removed, so any 16 octets survive a round trip.
/// </summary>
/// <param name="Password">At most 16 characters.</param>
public sealed record RipPasswordAuthentication(string Password) : RipAuthentication;

/// <summary>
/// Keyed MD5 authentication (RFC 2082, RFC 4822 §2.5, type 3). The digest lives in the trailer after the
/// route entries; <see cref="RipKeyedMd5"/> computes and checks it.
/// </summary>
/// <param name="KeyId">Which of the shared keys signed the packet.</param>
/// <param name="SequenceNumber">Non-decreasing per sender, so a receiver can refuse replays.</param>
/// <param name="Digest">The 16-octet digest as a big-endian number (zero before signing).</param>
public sealed record RipKeyedMd5Authentication(byte KeyId, uint SequenceNumber, UInt128 Digest) : RipAuthentication;
