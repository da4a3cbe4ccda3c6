using System.Net;
using XenMesh.Messages.Values;

namespace XenMesh.Node.Configuration;

/// <summary>A static reservation that passed <see cref="SettingsValidator.ValidateReservations"/>.</summary>
/// <param name="Key">Its config key (<c>dhcp.reservations.2</c>), for logs.</param>
/// <param name="Mac">Matches the client with this hardware address, or null.</param>
/// <param name="DomainName">Matches the guest with this Xen domain name (case-insensitive), or null.</param>
/// <param name="Address">The reserved address.</param>
/// <param name="Name">The lower-case DNS label to publish, or null.</param>
public sealed record DhcpReservation(string Key, MacAddress? Mac, string? DomainName, IPAddress Address, string? Name);
