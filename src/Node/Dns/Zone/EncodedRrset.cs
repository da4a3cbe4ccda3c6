namespace XenMesh.Node.Dns.Zone;

/// <summary>
/// An RRset ready to copy into a response: every record's owner is the pointer <c>C0 0C</c> (the question
/// name, which responses always carry uncompressed at offset 12), so the bytes fit any query for the name
/// in any letter case.
/// </summary>
internal sealed record EncodedRrset(byte[] Bytes, int Count);
