using System.Net;

namespace XenMesh.Node.Dhcp.Server;

/// <summary>An encoded reply and where it goes, as it waits for the <see cref="ReplyPacer{T}"/>.</summary>
internal readonly record struct OutgoingReply(ReadOnlyMemory<byte> Packet, IPEndPoint Destination);
