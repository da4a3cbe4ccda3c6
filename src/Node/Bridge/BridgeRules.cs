using XenMesh.Messages.Values;
using XenMesh.Node.Linux;

namespace XenMesh.Node.Bridge;

/// <summary>
/// The bridge's desired state as pure functions: what was read → what to change. Desired: a device of
/// kind bridge with the configured address (other addresses are left alone: an operator may add a
/// secondary one; only the configured address with a wrong prefix is replaced), admin up, tx checksum
/// offload off, and no physical port (B2).
/// </summary>
public static class BridgeRules
{
    public const string BridgeKind = "bridge";

    /// <summary>Bus of Xen netback vifs: they have a parent device but are guest ports, not hardware.</summary>
    public const string XenBackendBus = "xen-backend";

    // Stacked devices whose traffic leaves through the device named in "link" (same namespace).
    private static readonly HashSet<string> StackedKinds = new(StringComparer.Ordinal) { "vlan", "macvlan", "macvtap", "ipvlan", "ipvtap" };

    // Aggregates whose traffic leaves through their slaves.
    private static readonly HashSet<string> AggregateKinds = new(StringComparer.Ordinal) { "bond", "team" };

    private const int MaxStackDepth = 8;

    /// <summary>Puts the reads of one check together; details of a device that is not a bridge are ignored.</summary>
    public static BridgeObservation Observe(
        string bridge,
        IReadOnlyList<LinkInfo> links,
        IReadOnlyList<Ipv4Interface> addresses,
        bool? txChecksumming,
        IReadOnlyList<BridgePortInfo> bridgePorts)
    {
        var link = links.FirstOrDefault(l => l.Name == bridge);
        if (link is null)
            return BridgeObservation.Absent;
        if (link.Kind != BridgeKind)
            return new BridgeObservation(link, [], null, []);
        var states = bridgePorts.Where(p => p.Master == bridge).ToDictionary(p => p.Index, p => p.State);
        var ports = links
            .Where(l => l.Master == bridge)
            .Select(l => new ObservedPort(l, states.GetValueOrDefault(l.Index, "unknown"), IsPhysical(l, links)))
            .ToList();
        return new BridgeObservation(link, addresses, txChecksumming, ports);
    }

    /// <summary>
    /// A port is physical when its traffic reaches hardware: it has a parent device (what
    /// <c>/sys/class/net/NAME/device</c> shows) that is not a Xen backend, or it is a vlan/macvlan/ipvlan
    /// on such a device, or a bond/team with such a slave. veth, tap, vif, bridge and loopback devices
    /// have no parent and are not physical, whatever their name (a veth called <c>eth0</c> is a veth).
    /// </summary>
    public static bool IsPhysical(LinkInfo link, IReadOnlyList<LinkInfo> links) => IsPhysical(link, links, 0);

    /// <summary>The changes that bring <paramref name="actual"/> to <paramref name="target"/>, physical ports first.</summary>
    public static BridgePlan Decide(BridgeTarget target, BridgeObservation actual)
    {
        if (actual.Link is { } foreign && !actual.IsBridge)
            return new BridgePlan([], $"{target.Name} exists but is a {foreign.Kind ?? "device without a link kind"}, not a bridge; it is left untouched");

        var repairs = new List<BridgeRepair>();
        repairs.AddRange(actual.Ports.Where(p => p.IsPhysical).Select(p => new BridgeRepair.DetachPhysicalPort(p.Link.Name)));
        if (actual.Link is null)
        {
            repairs.Add(new BridgeRepair.CreateBridge());
            repairs.Add(new BridgeRepair.AddAddress(target.Address));
            repairs.Add(new BridgeRepair.SetUp());
            repairs.Add(new BridgeRepair.DisableTxChecksumming());
            return new BridgePlan(repairs);
        }

        repairs.AddRange(actual.Addresses
            .Where(a => a.Address.Equals(target.Address.Address) && a != target.Address)
            .Select(a => new BridgeRepair.RemoveAddress(a)));
        if (!actual.Addresses.Contains(target.Address))
            repairs.Add(new BridgeRepair.AddAddress(target.Address));
        if (!actual.Link.AdminUp)
            repairs.Add(new BridgeRepair.SetUp());
        if (actual.TxChecksumming != false)
            repairs.Add(new BridgeRepair.DisableTxChecksumming());
        return new BridgePlan(repairs);
    }

    /// <summary>The answer to <see cref="BridgeProtocol.GetStatus"/>; <paramref name="observed"/> is null when nothing could be read yet.</summary>
    public static BridgeProtocol.BridgeStatus ToStatus(BridgeTarget target, BridgeObservation? observed, string? problem, DateTimeOffset checkedAt) => new(
        target.Name,
        target.Address.ToString(),
        observed switch
        {
            null => "unknown",
            { Link: null } => "absent",
            { IsBridge: false } => "not-a-bridge",
            { Link.AdminUp: true } => "up",
            _ => "down",
        },
        observed?.Addresses.Select(a => a.ToString()).ToList() ?? [],
        observed?.TxChecksumming,
        observed?.Ports.Select(p => new BridgeProtocol.BridgePortStatus(p.Link.Name, p.State, p.Link.Mac, p.IsPhysical)).ToList() ?? [],
        checkedAt,
        problem);

    private static bool IsPhysical(LinkInfo link, IReadOnlyList<LinkInfo> links, int depth)
    {
        if (depth > MaxStackDepth)
            return false;
        if (link.ParentDevice is not null && link.ParentBus != XenBackendBus)
            return true;
        if (link.Kind is { } kind && StackedKinds.Contains(kind))
            return links.FirstOrDefault(l => l.Name == link.LowerLink) is { } lower && IsPhysical(lower, links, depth + 1);
        if (link.Kind is { } aggregate && AggregateKinds.Contains(aggregate))
            return links.Any(l => l.Master == link.Name && IsPhysical(l, links, depth + 1));
        return false;
    }
}
