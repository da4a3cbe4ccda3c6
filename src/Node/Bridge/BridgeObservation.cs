using XenMesh.Messages.Values;
using XenMesh.Node.Linux;

namespace XenMesh.Node.Bridge;

/// <summary>What one check read about the bridge.</summary>
/// <param name="Link">The device with the bridge's name; null when there is none.</param>
/// <param name="Addresses">Its IPv4 addresses; empty when it is absent or not a bridge.</param>
/// <param name="TxChecksumming">Transmit checksum offload; null when it was not read (absent, not a bridge).</param>
/// <param name="Ports">Its ports.</param>
public sealed record BridgeObservation(
    LinkInfo? Link,
    IReadOnlyList<Ipv4Interface> Addresses,
    bool? TxChecksumming,
    IReadOnlyList<ObservedPort> Ports)
{
    public static BridgeObservation Absent { get; } = new(null, [], null, []);

    public bool IsBridge => Link is { Kind: BridgeRules.BridgeKind };
}

/// <summary>A port of the bridge.</summary>
/// <param name="Link">The port device.</param>
/// <param name="State">Spanning-tree state from <c>bridge link</c> (<c>forwarding</c>, <c>disabled</c>...).</param>
/// <param name="IsPhysical">Whether it leads to hardware (see <see cref="BridgeRules.IsPhysical(LinkInfo, IReadOnlyList{LinkInfo})"/>).</param>
public sealed record ObservedPort(LinkInfo Link, string State, bool IsPhysical);
