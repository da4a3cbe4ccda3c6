namespace XenMesh.Node.Demo;

/// <summary>A demo guest as <c>demo status --json</c> shows it.</summary>
/// <param name="Name">The guest (its Xen domain name).</param>
/// <param name="Namespace">Its network namespace.</param>
/// <param name="Vif">Its vif in the dom0.</param>
/// <param name="Mac">Its MAC.</param>
/// <param name="Address">Its leased address, from the agent's <c>lease list</c>; null without a lease or an agent.</param>
/// <param name="Attached">Its vif is a port of the dom0's bridge.</param>
/// <param name="DnsName">The DNS label its lease publishes (<c>&lt;dnsName&gt;.xen</c>), from the agent's <c>lease list</c>.</param>
public sealed record DemoGuest(string Name, string Namespace, string Vif, string Mac, string? Address, bool Attached, string? DnsName = null);

/// <summary>
/// A demo dom0: its namespace, agent, bridge (<paramref name="Address"/> in <paramref name="Subnet"/>), its
/// address on the LAN (the next hop for its subnet), and the zone its DNS server answers (<c>dns list</c>).
/// </summary>
public sealed record DemoHost(
    string Id, string Namespace, string Bridge, string Address, string Subnet, string LanAddress, string CommandHost, int? AgentPid, bool AgentRunning, string Log,
    IReadOnlyList<DemoGuest> Guests, IReadOnlyList<DemoZoneEntry>? Zone = null);

/// <summary>One name of a dom0's zone as <c>demo status --json</c> shows it (a <c>dns list -j</c> record).</summary>
public sealed record DemoZoneEntry(string Name, string Address, string Owner, uint Ttl);

/// <summary>The LAN segment: the namespace holding the bridge every dom0, the gateway and the LAN client are ports of.</summary>
public sealed record DemoLan(string Namespace, string Bridge, string Subnet);

/// <summary>
/// The LAN gateway: BIRD 2 learning the host subnets by RIP, and <paramref name="Routes"/> as its namespace's
/// kernel has them (<c>ip -j route</c>).
/// </summary>
public sealed record DemoGateway(string Namespace, string Address, int? BirdPid, bool BirdRunning, string Log, IReadOnlyList<DemoRoute> Routes);

/// <summary>One kernel route of the gateway (fields of <c>ip -j route</c>).</summary>
public sealed record DemoRoute(string Dst, string? Gateway, string? Dev, string? Protocol);

/// <summary>A machine on the LAN whose default route is the gateway: it reaches every guest through the learned routes.</summary>
public sealed record DemoLanClient(string Namespace, string Address);

/// <summary>Everything the demo built, so a person or a script can step in with <c>ip netns exec</c>.</summary>
public sealed record DemoReport(DemoLan Lan, DemoGateway Gateway, DemoLanClient LanClient, IReadOnlyList<DemoHost> Hosts);

/// <summary>The part of a <c>lease list -j</c> record the demo shows.</summary>
internal sealed record DemoLease(string Mac, string Address, string? Name);

/// <summary>The part of a <c>cluster show -j</c> record the demo waits on.</summary>
internal sealed record DemoMember(string Address, string Status, string Reachability);
