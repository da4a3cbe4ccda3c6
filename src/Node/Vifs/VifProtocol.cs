using Akka.Actor;
using XenMesh.Messages.Values;
using XenMesh.Node.Xen;
using static XenMesh.Messages.Vifs.VifRegistryEvents;

namespace XenMesh.Node.Vifs;

/// <summary>
/// Commands to the <see cref="VifManager"/> (routed to the <see cref="VifActor"/> of each vif) and their
/// replies. Every value in a command is already validated (<see cref="VifRequest"/>). Local to the
/// agent process, hence no serialization check.
/// </summary>
public static class VifProtocol
{
    /// <summary>A command about one vif, addressed by its backend coordinates.</summary>
    public interface IVifCommand : INoSerializationVerificationNeeded
    {
        VifId Id { get; }

        string Vif { get; }
    }

    /// <summary>The vif came online: attach it, and register it when <paramref name="Bridge"/> is the guest bridge.</summary>
    /// <param name="Id">Backend coordinates, from XENBUS_PATH.</param>
    /// <param name="Vif">Interface name (default or custom).</param>
    /// <param name="Mac">Backend MAC.</param>
    /// <param name="Domain">The interpreted Xen domain name.</param>
    /// <param name="Uuid">Domain UUID when known.</param>
    /// <param name="Bridge">The bridge the vif spec names; the guest bridge when it names none.</param>
    /// <param name="Mtu">MTU from the vif spec, or null for the bridge's.</param>
    public sealed record Online(VifId Id, string Vif, MacAddress Mac, XenDomainName Domain, Guid? Uuid, string Bridge, int? Mtu) : IVifCommand;

    /// <summary>The vif went offline: detach it (a vanished device is fine) and forget it.</summary>
    public sealed record Offline(VifId Id, string Vif) : IVifCommand;

    /// <summary>
    /// Reconciliation found a vif that is not registered and whose backend cannot be read: attach it to the
    /// guest bridge (what the hotplug script would have done) and leave it unregistered.
    /// </summary>
    public sealed record AttachUnregistered(VifId Id, string Vif) : IVifCommand;

    /// <summary>Converge registry and kernel now (also done at start). Answered by <see cref="Reconciled"/>.</summary>
    public sealed record Reconcile : INoSerializationVerificationNeeded
    {
        public static readonly Reconcile Instance = new();

        private Reconcile()
        {
        }
    }

    /// <summary>Every registered vif with the kernel's view of its port. Answered by <see cref="VifList"/>.</summary>
    public sealed record ListVifs : INoSerializationVerificationNeeded
    {
        public static readonly ListVifs Instance = new();

        private ListVifs()
        {
        }
    }

    /// <summary>Attached to the guest bridge and registered (<paramref name="Changed"/> false: it already was).</summary>
    public sealed record VifAttached(VifRegistered Registration, bool Changed) : INoSerializationVerificationNeeded;

    /// <summary>Attached to <paramref name="Bridge"/> but not registered: another bridge, or no backend data.</summary>
    public sealed record VifAttachedUnregistered(string Vif, string Bridge, string Reason) : INoSerializationVerificationNeeded;

    /// <summary>Offline done; <paramref name="Absent"/>: the device was already gone.</summary>
    public sealed record VifDetached(string Vif, bool Absent, VifRegistered? Forgotten) : INoSerializationVerificationNeeded;

    /// <summary>The command was refused or a step failed; <paramref name="Reason"/> is for the operator.</summary>
    /// <param name="Vif">The vif's interface name.</param>
    /// <param name="Reason">What went wrong, naming the value at fault.</param>
    /// <param name="Transient">A program or the journal failed, so trying again may succeed; false for a refusal.</param>
    public sealed record VifFailed(string Vif, string Reason, bool Transient = false) : INoSerializationVerificationNeeded;

    /// <summary>What reconciliation did, one line per action.</summary>
    public sealed record Reconciled(IReadOnlyList<string> Actions) : INoSerializationVerificationNeeded;

    /// <summary>A registered vif and the state of its port: attached, down, detached or missing.</summary>
    public sealed record VifStatus(VifRegistered Registration, string State);

    public sealed record VifList(IReadOnlyList<VifStatus> Vifs) : INoSerializationVerificationNeeded;
}
