using XenMesh.Messages.Values;
using XenMesh.Node.Linux;
using XenMesh.Node.Xen;
using static XenMesh.Node.Vifs.VifProtocol;

namespace XenMesh.Node.Vifs;

/// <summary>
/// Turns the raw strings of a hotplug notification into a validated command, or every reason it is
/// refused. Each reason names the value and the rule it broke. A domain name never refuses a vif: one
/// that fails the label rule only loses its DNS name.
/// </summary>
public static class VifRequest
{
    public static (Online? Command, IReadOnlyList<string> Errors) ParseOnline(
        string? vif, string? xenbusPath, string? mac, string? domainName, string? bridge, string? uuid, string? mtu, string guestBridge)
    {
        var errors = new List<string>();
        var id = ParseIdentity(vif, xenbusPath, errors);

        if (!MacAddress.TryParse(mac, out var parsedMac, out var macError))
            errors.Add($"MAC {Printable.Quote(mac)}: {macError}");

        if (bridge is not null && InterfaceName.Explain(bridge) is { } bridgeError)
            errors.Add($"bridge: {bridgeError}");

        Guid? parsedUuid = null;
        if (uuid is not null)
        {
            if (XenUuid.TryParse(uuid, out var value, out var uuidError))
                parsedUuid = value;
            else
                errors.Add(uuidError!);
        }

        int? parsedMtu = null;
        if (mtu is not null)
        {
            if (Mtu.TryParse(mtu, out var value, out var mtuError))
                parsedMtu = value;
            else
                errors.Add(mtuError!);
        }

        return errors.Count > 0 || id is not { } vifId
            ? (null, errors)
            : (new Online(vifId, vif!, parsedMac, XenDomainName.Interpret(domainName), parsedUuid, bridge ?? guestBridge, parsedMtu), errors);
    }

    public static (Offline? Command, IReadOnlyList<string> Errors) ParseOffline(string? vif, string? xenbusPath)
    {
        var errors = new List<string>();
        var id = ParseIdentity(vif, xenbusPath, errors);
        return id is { } vifId && errors.Count == 0 ? (new Offline(vifId, vif!), errors) : (null, errors);
    }

    /// <summary>domid and devid always come from XENBUS_PATH; the name must be consistent with it.</summary>
    private static VifId? ParseIdentity(string? vif, string? xenbusPath, List<string> errors)
    {
        if (!XenbusPath.TryParse(xenbusPath, out var id, out var pathError))
        {
            errors.Add(pathError!);
            if (!VifName.IsDefault(vif) && !InterfaceName.IsValid(vif))
                errors.Add(VifName.ExplainPortName(vif, default)!);
            return null;
        }

        if (VifName.ExplainPortName(vif, id) is { } nameError)
        {
            errors.Add(nameError);
            return null;
        }

        return id;
    }
}
