using System.Net;
using XenMesh.Node.Dhcp.Codec;

namespace XenMesh.Node.Dhcp.Server;

/// <summary>A reply and where it goes.</summary>
internal sealed record DhcpOutbound(DhcpMessage Message, IPEndPoint Destination);
