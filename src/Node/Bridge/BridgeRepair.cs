using XenMesh.Messages.Values;

namespace XenMesh.Node.Bridge;

/// <summary>
/// One change that brings the bridge back to its desired state. <see cref="object.ToString"/> is the
/// past-tense phrase that goes into the log's <c>Repair</c> property.
/// </summary>
public abstract record BridgeRepair
{
    private BridgeRepair()
    {
    }

    /// <summary>B2: a port that leads to hardware would leak guest broadcasts and DHCP onto the LAN.</summary>
    public sealed record DetachPhysicalPort(string Port) : BridgeRepair
    {
        public override string ToString() => $"detached physical port {Port}";
    }

    public sealed record CreateBridge : BridgeRepair
    {
        public override string ToString() => "created the bridge";
    }

    /// <summary>The configured address with a different prefix: a mis-set copy of ours that would route wrongly.</summary>
    public sealed record RemoveAddress(Ipv4Interface Address) : BridgeRepair
    {
        public override string ToString() => $"removed address {Address}";
    }

    public sealed record AddAddress(Ipv4Interface Address) : BridgeRepair
    {
        public override string ToString() => $"added address {Address}";
    }

    public sealed record SetUp : BridgeRepair
    {
        public override string ToString() => "set the bridge up";
    }

    /// <summary>Guests on a bridge get frames with unfilled checksums when the bridge offloads them.</summary>
    public sealed record DisableTxChecksumming : BridgeRepair
    {
        public override string ToString() => "turned tx checksum offload off";
    }
}
