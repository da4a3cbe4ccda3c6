namespace XenMesh.Node.Bridge;

/// <summary>Messages of the <see cref="BridgeActor"/>. Local to the host: none of them crosses the network.</summary>
public static class BridgeProtocol
{
    /// <summary>Marker of the bridge protocol.</summary>
    public interface IBridgeMessage;

    /// <summary>Check and repair now, without waiting for the next interval; replied to with <see cref="BridgeStatus"/>.</summary>
    public sealed record CheckNow : IBridgeMessage
    {
        public static CheckNow Instance { get; } = new();

        private CheckNow()
        {
        }
    }

    /// <summary>Asks for the state found by the latest check; replied to with <see cref="BridgeStatus"/>.</summary>
    public sealed record GetStatus : IBridgeMessage
    {
        public static GetStatus Instance { get; } = new();

        private GetStatus()
        {
        }
    }

    /// <summary>The bridge as the latest check left it (read back after any repair).</summary>
    /// <param name="Name">Interface name.</param>
    /// <param name="ConfiguredAddress">The address it must have.</param>
    /// <param name="State"><c>up</c>, <c>down</c>, <c>absent</c>, or <c>not-a-bridge</c> when the name is taken by another kind of device.</param>
    /// <param name="Addresses">Its IPv4 addresses, configured one included when present.</param>
    /// <param name="TxChecksumming">Transmit checksum offload; null when it could not be read.</param>
    /// <param name="Ports">Every port.</param>
    /// <param name="CheckedAt">When the state was read.</param>
    /// <param name="Problem">Why the bridge is not in its desired state (a failed command, a conflict), or null.</param>
    public sealed record BridgeStatus(
        string Name,
        string ConfiguredAddress,
        string State,
        IReadOnlyList<string> Addresses,
        bool? TxChecksumming,
        IReadOnlyList<BridgePortStatus> Ports,
        DateTimeOffset CheckedAt,
        string? Problem) : IBridgeMessage
    {
        /// <summary>Ports that lead to hardware; must be empty (B2).</summary>
        public IReadOnlyList<string> PhysicalPorts => Ports.Where(p => p.Physical).Select(p => p.Name).ToList();
    }

    /// <summary>One port of the bridge.</summary>
    /// <param name="Name">Interface name.</param>
    /// <param name="State">Spanning-tree state (<c>forwarding</c>, <c>disabled</c>...).</param>
    /// <param name="Mac">Link-layer address.</param>
    /// <param name="Physical">Leads to hardware (B2 violation).</param>
    public sealed record BridgePortStatus(string Name, string State, string? Mac, bool Physical);
}
