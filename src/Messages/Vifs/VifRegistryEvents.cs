using XenMesh.Messages.Values;

namespace XenMesh.Messages.Vifs;

/// <summary>The journal of a host's vif registry: which guest ports this host serves, by backend.</summary>
public static class VifRegistryEvents
{
    /// <summary>An event of the vif registry's journal.</summary>
    public interface IVifRegistryEvent : IXenMeshWireMessage;

    /// <summary>
    /// A vif is attached to the guest bridge and known to this host. Replaces any earlier registration
    /// of the same (<paramref name="DomId"/>, <paramref name="DevId"/>).
    /// </summary>
    /// <param name="Vif">The interface name as the kernel knows it (after any <c>vifname</c> rename).</param>
    /// <param name="DomId">Guest domid, 1..32751.</param>
    /// <param name="DevId">Device index within the guest.</param>
    /// <param name="Mac">The backend MAC (never a frontend value): it keys the guest's lease.</param>
    /// <param name="DomainName">The guest's DNS label from its Xen domain name, or null.</param>
    /// <param name="DomainUuid">The Xen domain UUID, which survives migration, or null when unknown.</param>
    /// <param name="Bridge">The bridge the port is attached to.</param>
    /// <param name="Mtu">The MTU set on the port, or null for the bridge's.</param>
    public sealed record VifRegistered(
        string Vif,
        int DomId,
        int DevId,
        MacAddress Mac,
        string? DomainName,
        Guid? DomainUuid,
        string Bridge,
        int? Mtu) : IVifRegistryEvent;

    /// <summary>A vif went offline or vanished; this host no longer serves it.</summary>
    public sealed record VifForgotten(string Vif, int DomId, int DevId) : IVifRegistryEvent;

    /// <summary>The whole registry at one point of the journal, so recovery replays only what follows.</summary>
    public sealed record VifRegistrySnapshot(IReadOnlyList<VifRegistered> Vifs) : IXenMeshWireMessage;
}
