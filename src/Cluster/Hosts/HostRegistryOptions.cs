using System.Net;
using XenMesh.Messages.Values;

namespace XenMesh.Cluster.Hosts;

/// <summary>What this dom0 registers.</summary>
/// <param name="HostId">Its host id.</param>
/// <param name="Subnet">Its guest subnet.</param>
/// <param name="LanAddress">Its LAN address, or null.</param>
/// <param name="RefreshInterval">How often it rewrites its record (lease count) and re-checks overlaps.</param>
/// <param name="Time">The clock of the registration time.</param>
public sealed record HostRegistryOptions(string HostId, Ipv4Subnet Subnet, IPAddress? LanAddress, TimeSpan RefreshInterval, TimeProvider Time);
