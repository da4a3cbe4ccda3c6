namespace XenMesh.Node.Linux;

/// <summary>One bridge port as <c>bridge -j link</c> reports it.</summary>
/// <param name="Name">Port interface name.</param>
/// <param name="Index">Its ifindex.</param>
/// <param name="Master">The bridge it belongs to.</param>
/// <param name="State">Spanning-tree port state: <c>forwarding</c>, <c>disabled</c> (link down), <c>blocking</c>...</param>
public sealed record BridgePortInfo(string Name, int Index, string Master, string State);
