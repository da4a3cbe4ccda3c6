using Akka.Actor;
using XenMesh.Node.Xen;
using static XenMesh.Messages.Vifs.VifRegistryEvents;

namespace XenMesh.Node.Vifs;

/// <summary>
/// What the vif registry is asked and answers. These stay inside the agent process, so they are
/// marked as needing no serialization check; only the registry's events and snapshots are wire messages.
/// </summary>
public static class VifRegistryProtocol
{
    public interface IVifRegistryCommand : INoSerializationVerificationNeeded;

    /// <summary>Record this vif as served by the host. Answered by <see cref="Registered"/> or <see cref="RegistrationConflict"/>.</summary>
    public sealed record Register(VifRegistered Registration) : IVifRegistryCommand;

    /// <summary>The host no longer serves this vif. Answered by <see cref="Forgotten"/>, also when it was not registered.</summary>
    public sealed record Forget(VifId Id) : IVifRegistryCommand;

    /// <summary>Every registered vif. Answered by <see cref="RegisteredVifs"/> once the registry has recovered.</summary>
    public sealed record GetVifs : IVifRegistryCommand
    {
        public static readonly GetVifs Instance = new();

        private GetVifs()
        {
        }
    }

    /// <summary>The vif is registered as given; <paramref name="Changed"/> is false when it already was.</summary>
    public sealed record Registered(VifRegistered Registration, bool Changed) : INoSerializationVerificationNeeded;

    /// <summary>Another live vif holds the same backend MAC; nothing was recorded.</summary>
    public sealed record RegistrationConflict(VifRegistered Holder, string Reason) : INoSerializationVerificationNeeded;

    /// <summary>The vif is not registered (any more); <paramref name="Previous"/> is what was removed, if anything.</summary>
    public sealed record Forgotten(VifRegistered? Previous) : INoSerializationVerificationNeeded;

    /// <summary>The registry's entries ordered by domid, devid.</summary>
    public sealed record RegisteredVifs(IReadOnlyList<VifRegistered> Vifs) : INoSerializationVerificationNeeded;
}
