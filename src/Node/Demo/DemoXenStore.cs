using XenMesh.Node.Linux;

namespace XenMesh.Node.Demo;

/// <summary>
/// Fills the demo's stand-in xenstore with what libxl would write for a guest: the domain's name and
/// VM UUID, and the vif's backend directory (mac, bridge, script, state, empty hotplug-status).
/// </summary>
internal sealed class DemoXenStore(IProcessRunner runner, string root)
{
    public async Task AddGuestAsync(DemoGuestPlan guest, string bridge, CancellationToken ct)
    {
        var backend = $"/local/domain/0/{guest.XenbusPath}";
        await WriteAsync(ct,
            $"/local/domain/{guest.DomId}/name", guest.Name,
            $"/local/domain/{guest.DomId}/domid", guest.DomId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"/local/domain/{guest.DomId}/vm", $"/vm/{guest.Uuid}",
            $"/vm/{guest.Uuid}/uuid", guest.Uuid,
            $"/vm/{guest.Uuid}/name", guest.Name,
            $"{backend}/frontend-id", guest.DomId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"{backend}/handle", guest.DevId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"{backend}/mac", guest.Mac,
            $"{backend}/bridge", bridge,
            $"{backend}/script", "/etc/xen/scripts/vif-xenmesh",
            $"{backend}/type", "vif",
            $"{backend}/online", "1",
            $"{backend}/state", "2",
            $"{backend}/hotplug-status", "").ConfigureAwait(false);
    }

    private async Task WriteAsync(CancellationToken ct, params string[] pathValuePairs)
    {
        var result = await runner.RunAsync("env", [$"XENSTORE_ROOT={root}", Path.Combine(DemoFiles.XenStoreStubs, "xenstore-write"), .. pathValuePairs], ct).ConfigureAwait(false);
        if (!result.Succeeded)
            throw new DemoException($"writing the demo xenstore failed: {result.StandardError.Trim()}");
    }
}
