using System.Net;
using XenMesh.Messages.Values;

namespace XenMesh.Node.Rip.Codec;

/// <summary>
/// One IPv4 route entry (address family 2) of a RIPv2 packet. The mask must be contiguous and the
/// address must have no host bits, so the destination is a <see cref="Ipv4Subnet"/>.
/// </summary>
/// <param name="Destination">Address and mask fields.</param>
/// <param name="NextHop">The next-hop field; 0.0.0.0 means "via the sender".</param>
/// <param name="Metric">1-15 reachable, 16 (<see cref="RipLayout.Infinity"/>) unreachable.</param>
/// <param name="RouteTag">Opaque to RIP; carried for routes learned from elsewhere.</param>
public sealed record RipRouteEntry(Ipv4Subnet Destination, IPAddress NextHop, int Metric, ushort RouteTag = 0);
