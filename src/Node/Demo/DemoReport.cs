namespace XenMesh.Node.Demo;

/// <summary>A demo guest as <c>demo status --json</c> shows it; <c>Address</c> fills in once DHCP exists.</summary>
public sealed record DemoGuest(string Name, string Namespace, string Vif, string Mac, string? Address, bool Attached);

/// <summary>A demo dom0: its namespace, agent and bridge.</summary>
public sealed record DemoHost(
    string Id, string Namespace, string Bridge, string Address, string CommandHost, int? AgentPid, bool AgentRunning, string Log,
    IReadOnlyList<DemoGuest> Guests);

/// <summary>Everything the demo built, so a person or a script can step in with <c>ip netns exec</c>.</summary>
public sealed record DemoReport(IReadOnlyList<DemoHost> Hosts);
