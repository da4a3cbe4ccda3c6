using System.Net;
using XenMesh.Messages.Values;

namespace XenMesh.Node.Filter;

/// <summary>A lease the filter lets through: one element of <c>bound4</c> (port, MAC, IPv4 source).</summary>
/// <param name="Vif">The guest port the lease was granted on.</param>
/// <param name="Mac">The client's MAC, which on a guest port is the vif's backend MAC.</param>
/// <param name="Address">The leased IPv4 address.</param>
public sealed record FilterBinding(string Vif, MacAddress Mac, IPAddress Address);
