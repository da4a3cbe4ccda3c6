using System.Net;

namespace XenMesh.Node.Dns.Zone;

/// <summary>One name of the mesh zone: an A record and, when the address lies in a reverse zone, its PTR.</summary>
/// <param name="Name">The lower-case label without the mesh domain (<c>xen1</c> for <c>xen1.xen</c>).</param>
/// <param name="Address">The IPv4 address the name points at.</param>
/// <param name="Owner">The id of the host that holds the name (the dom0 whose lease or bridge it is).</param>
public sealed record ZoneRecord(string Name, IPAddress Address, string Owner);
