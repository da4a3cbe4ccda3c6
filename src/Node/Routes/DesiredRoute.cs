using System.Net;
using XenMesh.Messages.Values;

namespace XenMesh.Node.Routes;

/// <summary>
/// One route the LAN gateway should have: a host's guest subnet via that host's LAN address.
/// </summary>
/// <param name="Subnet">The host's guest subnet.</param>
/// <param name="NextHop">The host's LAN address.</param>
/// <param name="Host">The host id that serves the subnet.</param>
/// <param name="Withdrawn">
/// The host is gone: the route must be announced unreachable (RIP metric 16) rather than left to the
/// gateway's timeout. A route that simply disappears from a table is withdrawn the same way.
/// </param>
public sealed record DesiredRoute(Ipv4Subnet Subnet, IPAddress NextHop, string Host, bool Withdrawn = false);
