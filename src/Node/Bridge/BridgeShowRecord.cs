using static XenMesh.Node.Bridge.BridgeProtocol;

namespace XenMesh.Node.Bridge;

/// <summary>The JSON form of <c>bridge show</c>: one record per host.</summary>
public sealed record BridgeShowRecord(
    string Host,
    string Name,
    string ConfiguredAddress,
    string State,
    IReadOnlyList<string> Addresses,
    bool? TxChecksumming,
    IReadOnlyList<string> PhysicalPorts,
    IReadOnlyList<BridgePortStatus> Ports,
    DateTimeOffset CheckedAt,
    string? Problem)
{
    public static BridgeShowRecord From(string host, BridgeStatus s) =>
        new(host, s.Name, s.ConfiguredAddress, s.State, s.Addresses, s.TxChecksumming, s.PhysicalPorts, s.Ports, s.CheckedAt, s.Problem);
}
