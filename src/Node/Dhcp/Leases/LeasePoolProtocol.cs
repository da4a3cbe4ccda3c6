using System.Net;
using Akka.Actor;
using XenMesh.Messages.Leases;
using XenMesh.Messages.Values;

namespace XenMesh.Node.Dhcp.Leases;

/// <summary>
/// What the lease pool is asked and answers. DHCP commands follow the client states of protocol-rules
/// D4; the DHCP server decodes a packet, picks the command, asks the pool and encodes the reply
/// (<see cref="LeaseOffer"/> → DHCPOFFER, <see cref="LeaseAck"/> → DHCPACK, <see cref="LeaseNak"/> →
/// DHCPNAK, <see cref="InformAck"/> → DHCPACK without <c>yiaddr</c>, <see cref="NoAnswer"/> → send
/// nothing). Every command gets exactly one reply, except when the journal fails: then none, and the
/// client retries. Everything here stays inside the agent process.
/// </summary>
public static class LeasePoolProtocol
{
    /// <summary>A message the pool answers.</summary>
    public interface ILeasePoolCommand : INoSerializationVerificationNeeded;

    /// <summary>A DHCP message from a client.</summary>
    public interface IDhcpClientCommand : ILeasePoolCommand
    {
        LeaseClient Client { get; }
    }

    /// <summary>A reply of the pool.</summary>
    public interface ILeasePoolReply : INoSerializationVerificationNeeded;

    /// <summary>DHCPDISCOVER; <paramref name="RequestedAddress"/> is option 50. Answered by <see cref="LeaseOffer"/> or <see cref="NoAnswer"/>.</summary>
    public sealed record Discover(LeaseClient Client, IPAddress? RequestedAddress = null) : IDhcpClientCommand;

    /// <summary>
    /// DHCPREQUEST in SELECTING (option 54 present, option 50 present, <c>ciaddr</c> 0). Answered by
    /// <see cref="LeaseAck"/> after the lease is journaled, <see cref="LeaseNak"/>, or <see cref="NoAnswer"/>
    /// when the client chose another server.
    /// </summary>
    public sealed record RequestSelecting(LeaseClient Client, IPAddress ServerId, IPAddress RequestedAddress) : IDhcpClientCommand;

    /// <summary>
    /// DHCPREQUEST in INIT-REBOOT (no option 54, option 50 present, <c>ciaddr</c> 0). ACK when the address is
    /// bound to this client, NAK when it is on another subnet or taken, and for an unknown address NAK when
    /// authoritative, else silence.
    /// </summary>
    public sealed record RequestInitReboot(LeaseClient Client, IPAddress RequestedAddress) : IDhcpClientCommand;

    /// <summary>DHCPREQUEST in RENEWING (unicast, <c>ciaddr</c> set): ACK with the lease extended when the client holds it, else NAK.</summary>
    public sealed record RequestRenewing(LeaseClient Client, IPAddress ClientAddress) : IDhcpClientCommand;

    /// <summary>
    /// DHCPREQUEST in REBINDING (broadcast, <c>ciaddr</c> set): as <see cref="RequestRenewing"/>, except that
    /// an address the pool knows nothing about gets silence when the pool is not authoritative.
    /// </summary>
    public sealed record RequestRebinding(LeaseClient Client, IPAddress ClientAddress) : IDhcpClientCommand;

    /// <summary>DHCPRELEASE of <c>ciaddr</c>. Answered by <see cref="NoAnswer"/> (<see cref="NoAnswerReason.Released"/> once it is journaled).</summary>
    public sealed record Release(LeaseClient Client, IPAddress ClientAddress) : IDhcpClientCommand;

    /// <summary>DHCPDECLINE of option 50: the address is quarantined. Answered by <see cref="NoAnswer"/>.</summary>
    public sealed record Decline(LeaseClient Client, IPAddress Address) : IDhcpClientCommand;

    /// <summary>DHCPINFORM: no state changes. Answered by <see cref="InformAck"/> or a rate-limit <see cref="NoAnswer"/>.</summary>
    public sealed record Inform(LeaseClient Client, IPAddress ClientAddress) : IDhcpClientCommand;

    /// <summary>
    /// DHCP client messages the server read together, decided in order as one message so that the events they
    /// produce reach the journal as one write. Each reply goes to <paramref name="Answer"/> with the command's
    /// index instead of to a sender, as soon as it may leave (see <see cref="LeasePoolActor"/>), on the
    /// pool's thread, or on the bridge filter's when the reply waited for the filter: the server sends it from
    /// there without another hop. <paramref name="Answer"/> must be thread-safe and must not block or throw. A
    /// command whose events the journal refuses is never answered.
    /// </summary>
    public sealed record ClientCommands(IReadOnlyList<IDhcpClientCommand> Commands, Action<int, ILeasePoolReply> Answer) : INoSerializationVerificationNeeded;

    /// <summary>Reap expired leases now (the pool also does it on its own timer). Answered by <see cref="Swept"/>.</summary>
    public sealed record ExpirySweep : ILeasePoolCommand
    {
        public static readonly ExpirySweep Instance = new();

        private ExpirySweep()
        {
        }
    }

    /// <summary>Every lease, for <c>lease list</c>. Answered by <see cref="LeaseList"/>.</summary>
    public sealed record ListLeases : ILeasePoolCommand
    {
        public static readonly ListLeases Instance = new();

        private ListLeases()
        {
        }
    }

    /// <summary>The leases of an address or a MAC, for <c>lease show</c>. Answered by <see cref="LeaseList"/>.</summary>
    public sealed record FindLeases(IPAddress? Address = null, MacAddress? Mac = null) : ILeasePoolCommand;

    /// <summary>
    /// An operator ends every lease of <paramref name="Mac"/> (<c>lease release</c>), as if the client had sent
    /// DHCPRELEASE. Answered by <see cref="ClientReleased"/> once the releases are journaled.
    /// </summary>
    public sealed record ReleaseClient(MacAddress Mac) : ILeasePoolCommand;

    /// <summary>
    /// An operator reserves <paramref name="Address"/> for <paramref name="Mac"/> (<c>lease reserve</c>), kept in
    /// the journal, with <paramref name="Name"/> (a lower-case RFC 1123 label, or null) for the client's lease.
    /// Answered by <see cref="ReservationAccepted"/> once journaled, or <see cref="ReservationRefused"/>.
    /// </summary>
    public sealed record Reserve(MacAddress Mac, IPAddress Address, string? Name) : ILeasePoolCommand;

    /// <summary>
    /// An operator removes the reservation <c>lease reserve</c> made for <paramref name="Mac"/> (<c>lease unreserve</c>).
    /// Answered by <see cref="Unreserved"/> once journaled, or <see cref="ReservationRefused"/> for a reservation
    /// of the config file, which only the config file can remove.
    /// </summary>
    public sealed record Unreserve(MacAddress Mac) : ILeasePoolCommand;

    /// <summary>Sizes and drop counters. Answered by <see cref="PoolStatus"/>.</summary>
    public sealed record GetPoolStatus : ILeasePoolCommand
    {
        public static readonly GetPoolStatus Instance = new();

        private GetPoolStatus()
        {
        }
    }

    /// <summary>What an OFFER or ACK carries about the lease (options 51, 58, 59, 81).</summary>
    /// <param name="Address">yiaddr.</param>
    /// <param name="LeaseTime">Option 51.</param>
    /// <param name="RenewalTime">Option 58, T1 = 0.5 × lease time.</param>
    /// <param name="RebindingTime">Option 59, T2 = 0.875 × lease time.</param>
    /// <param name="Name">The DNS label XenMesh publishes for the lease (for option 81), or null.</param>
    /// <param name="Expires">When the lease ends unless renewed.</param>
    public sealed record LeaseGrant(IPAddress Address, TimeSpan LeaseTime, TimeSpan RenewalTime, TimeSpan RebindingTime, string? Name, DateTimeOffset Expires);

    /// <summary>Send a DHCPOFFER. The address is held for the client for the offer timeout, in memory only.</summary>
    public sealed record LeaseOffer(LeaseGrant Grant) : ILeasePoolReply;

    /// <summary>Send a DHCPACK: the lease is in the journal.</summary>
    public sealed record LeaseAck(LeaseGrant Grant) : ILeasePoolReply;

    /// <summary>Send a DHCPNAK; <paramref name="Message"/> may go into option 56.</summary>
    public sealed record LeaseNak(string Message) : ILeasePoolReply;

    /// <summary>Send a DHCPACK to the DHCPINFORM: configuration only, no address, no lease.</summary>
    public sealed record InformAck : ILeasePoolReply
    {
        public static readonly InformAck Instance = new();

        private InformAck()
        {
        }
    }

    /// <summary>Send nothing to the client; <paramref name="Reason"/> says why, for counters and logs.</summary>
    public sealed record NoAnswer(NoAnswerReason Reason) : ILeasePoolReply
    {
        /// <summary>True when a request was dropped by an abuse limit or a full pool (counted as such).</summary>
        public bool IsDrop => Reason is NoAnswerReason.RateLimited or NoAnswerReason.VifLeaseLimit
            or NoAnswerReason.QuarantineLimit or NoAnswerReason.PoolExhausted;
    }

    /// <summary>The leases a <see cref="ReleaseClient"/> ended (none when the client had none).</summary>
    public sealed record ClientReleased(IReadOnlyList<LeaseRecord> Released) : ILeasePoolReply;

    /// <summary>The reservation holds; <paramref name="Changed"/> is false when it already did.</summary>
    public sealed record ReservationAccepted(MacAddress Mac, IPAddress Address, string? Name, bool Changed) : ILeasePoolReply;

    /// <summary>
    /// The operator reservation of <paramref name="Mac"/> is gone; <paramref name="Address"/> is the address it
    /// held, or null when there was none and nothing changed.
    /// </summary>
    public sealed record Unreserved(MacAddress Mac, IPAddress? Address) : ILeasePoolReply;

    /// <summary>The reservation was refused; nothing changed.</summary>
    public sealed record ReservationRefused(string Reason) : ILeasePoolReply;

    /// <summary>The number of leases an <see cref="ExpirySweep"/> reaped; <paramref name="More"/> when expired leases remain for another sweep.</summary>
    public sealed record Swept(int Expired, bool More = false) : ILeasePoolReply;

    /// <summary>Leases ordered by address.</summary>
    public sealed record LeaseList(IReadOnlyList<LeaseRecord> Leases) : ILeasePoolReply;

    /// <summary>One lease as <c>lease list</c> and <c>lease show</c> print it.</summary>
    public sealed record LeaseRecord(
        IPAddress Address,
        MacAddress Mac,
        string? ClientId,
        string? Vif,
        string? Name,
        LeaseNameSource NameSource,
        DateTimeOffset BoundSince,
        DateTimeOffset Expires);

    /// <summary>The pool's sizes at one moment and what it dropped since the actor started.</summary>
    /// <param name="Size">Addresses the pool hands out dynamically (range minus the bridge address and reservations).</param>
    /// <param name="Free">Of those, addresses neither bound, offered nor quarantined.</param>
    /// <param name="Bound">Leases not yet released, expired or declined (reservations included).</param>
    /// <param name="Offered">Addresses held for an outstanding offer.</param>
    /// <param name="Quarantined">Declined addresses still out of the pool.</param>
    /// <param name="Dropped">Requests dropped by an abuse limit or a full pool, by reason.</param>
    public sealed record PoolStatus(int Size, int Free, int Bound, int Offered, int Quarantined, IReadOnlyDictionary<NoAnswerReason, long> Dropped) : ILeasePoolReply;
}
