using XenMesh.Messages.Values;
using XenMesh.Node.Configuration;

namespace XenMesh.Node.Bridge;

/// <summary>The bridge the host must have: its name and the address that makes it the guests' gateway.</summary>
public sealed record BridgeTarget(string Name, Ipv4Interface Address)
{
    /// <summary>From validated settings (<see cref="SettingsValidator"/> has already refused bad values).</summary>
    public static BridgeTarget From(BridgeSettings settings) =>
        Ipv4Interface.TryParse(settings.Address, out var address, out var error)
            ? new BridgeTarget(settings.Name, address)
            : throw new ArgumentException($"bridge.address '{settings.Address}': {error}", nameof(settings));
}
