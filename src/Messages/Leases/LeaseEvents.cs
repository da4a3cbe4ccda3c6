using System.Net;
using XenMesh.Messages.Values;

namespace XenMesh.Messages.Leases;

/// <summary>
/// The journal of a host's DHCP lease pool. Only bindings and quarantines are persisted; offers are
/// held in memory for a few seconds and never journaled (protocol-rules D6).
/// </summary>
public static class LeaseEvents
{
    /// <summary>An event of the lease pool's journal.</summary>
    public interface ILeaseEvent : IXenMeshWireMessage
    {
        /// <summary>The address the event is about.</summary>
        IPAddress Address { get; }
    }

    /// <summary>
    /// <paramref name="Address"/> is bound to the client until <paramref name="Expires"/>: a new binding or
    /// a renewal. It replaces whatever lease the address had and any other lease of the same client.
    /// </summary>
    /// <param name="Address">The bound IPv4 address.</param>
    /// <param name="Mac">The client's hardware address (<c>chaddr</c>).</param>
    /// <param name="ClientId">Option 61 as lower-case hex, or null when the client sent none.</param>
    /// <param name="Vif">The guest port the request came in on, or null for relayed requests.</param>
    /// <param name="Name">The DNS label the lease publishes, or null.</param>
    /// <param name="NameSource">Which source gave <paramref name="Name"/>.</param>
    /// <param name="BoundSince">When the client first got this address; kept across renewals.</param>
    /// <param name="Expires">When the lease ends unless renewed.</param>
    public sealed record LeaseCommitted(
        IPAddress Address,
        MacAddress Mac,
        string? ClientId,
        string? Vif,
        string? Name,
        LeaseNameSource NameSource,
        DateTimeOffset BoundSince,
        DateTimeOffset Expires) : ILeaseEvent;

    /// <summary>The client gave the address back (DHCPRELEASE, or the guest's domain is gone).</summary>
    public sealed record LeaseReleased(IPAddress Address, MacAddress Mac) : ILeaseEvent;

    /// <summary>The lease ran out without a renewal and was reaped.</summary>
    public sealed record LeaseExpired(IPAddress Address, MacAddress Mac) : ILeaseEvent;

    /// <summary>
    /// The client found the address in use (DHCPDECLINE): any lease on it ends and nobody gets it before
    /// <paramref name="QuarantinedUntil"/>.
    /// </summary>
    public sealed record AddressDeclined(
        IPAddress Address,
        MacAddress Mac,
        string? ClientId,
        string? Vif,
        DateTimeOffset QuarantinedUntil) : ILeaseEvent;

    /// <summary>
    /// An operator reserved <paramref name="Address"/> for the client <paramref name="Mac"/> (<c>lease reserve</c>):
    /// kept in the pool's journal, not in the config file; replaces that MAC's earlier operator reservation.
    /// </summary>
    /// <param name="Address">The reserved address.</param>
    /// <param name="Mac">The client it is reserved for.</param>
    /// <param name="Name">The lower-case DNS label the client's lease publishes, or null for the usual name sources.</param>
    public sealed record ReservationAdded(IPAddress Address, MacAddress Mac, string? Name) : ILeaseEvent;

    /// <summary>
    /// An operator removed the client <paramref name="Mac"/>'s reservation of <paramref name="Address"/>
    /// (<c>lease unreserve</c>): the address returns to the dynamic pool once no lease holds it.
    /// </summary>
    /// <param name="Address">The address that was reserved.</param>
    /// <param name="Mac">The client it was reserved for.</param>
    public sealed record ReservationRemoved(IPAddress Address, MacAddress Mac) : ILeaseEvent;

    /// <summary>The whole pool at one point of the journal, so recovery replays only what follows.</summary>
    /// <param name="Leases">Every lease not yet released, expired or declined.</param>
    /// <param name="Ended">The last lease of each free address, so a returning client gets its address back.</param>
    /// <param name="Quarantined">Declined addresses and how long they stay out of the pool.</param>
    /// <param name="Reserved">The operator's reservations (null in snapshots taken before there were any).</param>
    public sealed record LeasePoolSnapshot(
        IReadOnlyList<LeaseCommitted> Leases,
        IReadOnlyList<LeaseCommitted> Ended,
        IReadOnlyList<AddressDeclined> Quarantined,
        IReadOnlyList<ReservationAdded>? Reserved = null) : IXenMeshWireMessage;
}
