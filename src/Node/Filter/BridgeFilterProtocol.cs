using Akka.Actor;
using XenMesh.Messages.Values;
using static XenMesh.Messages.Leases.LeaseEvents;

namespace XenMesh.Node.Filter;

/// <summary>What the <see cref="BridgeFilterActor"/> is told and answers. Local to the agent process.</summary>
public static class BridgeFilterProtocol
{
    public interface IBridgeFilterCommand : INoSerializationVerificationNeeded;

    /// <summary>A vif is on the guest bridge with this backend MAC. Answered by <see cref="FilterApplied"/> or <see cref="FilterFailed"/> once the kernel has it.</summary>
    public sealed record PortOnline(string Vif, MacAddress Mac) : IBridgeFilterCommand;

    /// <summary>A vif left the guest bridge. Answered like <see cref="PortOnline"/>.</summary>
    public sealed record PortOffline(string Vif) : IBridgeFilterCommand;

    /// <summary>
    /// Lease events the pool has journaled. Once the kernel's <c>bound4</c> set follows them the filter
    /// sends <paramref name="Confirmation"/> (when set) back to the sender, or, when it is an
    /// <see cref="Action"/>, runs it on the filter's own thread (it must be thread-safe and must neither
    /// block nor throw): a DHCPACK then leaves from here instead of waiting for the sender's thread to wake
    /// once more. When the kernel refuses, nothing is sent or run, so the DHCPACK that waits on it never
    /// leaves (protocol-rules L1).
    /// </summary>
    public sealed record LeasesCommitted(IReadOnlyList<ILeaseEvent> Events, object? Confirmation) : IBridgeFilterCommand;

    /// <summary>Install the whole table again from what the filter holds. Answered like <see cref="PortOnline"/>.</summary>
    public sealed record Reinstall : IBridgeFilterCommand
    {
        public static readonly Reinstall Instance = new();

        private Reinstall()
        {
        }
    }

    /// <summary>
    /// Answered by <see cref="FilterApplied"/> once the table holds what the filter knows, at start once the
    /// vifs and leases are installed; the DHCP server waits for it before it opens its socket (protocol-rules L2).
    /// </summary>
    public sealed record WhenInstalled : IBridgeFilterCommand
    {
        public static readonly WhenInstalled Instance = new();

        private WhenInstalled()
        {
        }
    }

    /// <summary>The kernel's sets hold what was asked.</summary>
    public sealed record FilterApplied : INoSerializationVerificationNeeded
    {
        public static readonly FilterApplied Instance = new();

        private FilterApplied()
        {
        }
    }

    /// <summary>The element was refused or nft failed; <paramref name="Reason"/> is for the operator.</summary>
    public sealed record FilterFailed(string Reason) : INoSerializationVerificationNeeded;
}
