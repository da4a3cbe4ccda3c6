namespace XenMesh.Node.Rip.Speaker;

/// <summary>The keyed-MD5 key the speaker signs with and requires on requests it answers.</summary>
/// <param name="KeyId">Sent in every packet; the router looks the key up by it.</param>
/// <param name="Secret">1-16 octets.</param>
public sealed record RipKey(byte KeyId, ReadOnlyMemory<byte> Secret);
