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

/// <summary>A demo dom0: its namespace, agent and bridge, and the zone its DNS server answers (<c>dns list</c>).</summary>
public sealed record DemoHost(
    string Id, string Namespace, string Bridge, string Address, string CommandHost, int? AgentPid, bool AgentRunning, string Log,
    IReadOnlyList<DemoGuest> Guests, IReadOnlyList<DemoZoneEntry>? Zone = null);

/// <summary>One name of a dom0's zone as <c>demo status --json</c> shows it (a <c>dns list -j</c> record).</summary>
public sealed record DemoZoneEntry(string Name, string Address, string Owner, uint Ttl);

/// <summary>Everything the demo built, so a person or a script can step in with <c>ip netns exec</c>.</summary>
public sealed record DemoReport(IReadOnlyList<DemoHost> Hosts);

/// <summary>The part of a <c>lease list -j</c> record the demo shows.</summary>
internal sealed record DemoLease(string Mac, string Address, string? Name);
