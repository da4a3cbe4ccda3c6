using System.Globalization;
using XenMesh.Messages.Values;
using XenMesh.Node.Linux;

namespace XenMesh.Node.Xen;

/// <summary>
/// What dom0's backend directory says about one vif, every value validated. Only dom0-owned keys are
/// read (the backend directory and the domain's own <c>name</c> and <c>vm</c>), never the guest-writable
/// frontend (XSA-175/178).
/// </summary>
/// <param name="Id">The vif's backend coordinates.</param>
/// <param name="Mac">The backend <c>mac</c> key.</param>
/// <param name="Bridge">The backend <c>bridge</c> key, or null when absent.</param>
/// <param name="Mtu">The backend <c>mtu</c> key, or null for the default.</param>
/// <param name="Domain">The domain's <c>name</c>, interpreted.</param>
/// <param name="Uuid">The UUID from the domain's <c>vm</c> key, or null.</param>
public sealed record XenVifBackend(VifId Id, MacAddress Mac, string? Bridge, int? Mtu, XenDomainName Domain, Guid? Uuid)
{
    /// <summary>Reads and validates; returns null and the reason when the vif's data cannot be had.</summary>
    public static async Task<(XenVifBackend? Backend, string? Problem)> ReadAsync(IXenStore store, VifId id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        var backend = string.Create(CultureInfo.InvariantCulture, $"/local/domain/0/{id.XenbusPath}");
        var domain = string.Create(CultureInfo.InvariantCulture, $"/local/domain/{id.DomId}");

        var mac = await store.ReadAsync($"{backend}/mac", ct).ConfigureAwait(false);
        if (mac.Value is null)
            return (null, mac.Problem);
        if (!MacAddress.TryParse(mac.Value, out var parsedMac, out var macError))
            return (null, $"{backend}/mac {Printable.Quote(mac.Value)}: {macError}");

        var bridge = (await store.ReadAsync($"{backend}/bridge", ct).ConfigureAwait(false)).Value;
        if (bridge is not null && InterfaceName.Explain(bridge) is { } bridgeError)
            return (null, $"{backend}/bridge: {bridgeError}");

        int? mtu = null;
        if ((await store.ReadAsync($"{backend}/mtu", ct).ConfigureAwait(false)).Value is { } mtuText)
        {
            if (!Xen.Mtu.TryParse(mtuText, out var parsedMtu, out var mtuError))
                return (null, $"{backend}/mtu: {mtuError}");
            mtu = parsedMtu;
        }

        var name = XenDomainName.Interpret((await store.ReadAsync($"{domain}/name", ct).ConfigureAwait(false)).Value);
        Guid? uuid = XenUuid.TryParseVmPath((await store.ReadAsync($"{domain}/vm", ct).ConfigureAwait(false)).Value, out var parsedUuid, out _)
            ? parsedUuid
            : null;
        return (new XenVifBackend(id, parsedMac, bridge, mtu, name, uuid), null);
    }
}
