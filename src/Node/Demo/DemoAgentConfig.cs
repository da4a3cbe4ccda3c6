using System.Text.Json;

namespace XenMesh.Node.Demo;

/// <summary>The configuration file of a demo dom0's agent: the original setup's keys plus the mesh, LAN and RIP sections.</summary>
internal static class DemoAgentConfig
{
    public const int CommandPort = 9110;
    public const string LanInterface = "eth0";

    public static string FileOf(DemoPlan plan, DemoHostPlan host) => Path.Combine(plan.HostDirectory(host), "xenmesh.json");

    public static string Json(DemoPlan plan, DemoHostPlan host)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(host);
        var directory = plan.HostDirectory(host);
        var config = new
        {
            host = new { id = host.Id, stateDirectory = Path.Combine(directory, "state") },
            bridge = new { name = host.Bridge, address = host.BridgeAddress, checkInterval = "00:00:05" },
            lan = new { @interface = LanInterface, address = host.LanAddress, gateway = plan.Lan.GatewayAddress },
            cluster = new { port = DemoPlan.ClusterPort, seeds = plan.Seeds },
            // A short interval so the gateway relearns a route within seconds should it miss an update.
            rip = new { enabled = true, mode = "multicast", interval = "00:00:10" },
            dhcp = new { rangeStart = host.RangeStart, rangeEnd = host.RangeEnd, leaseTime = "3.00:00:00" },
            dns = new { resolvFile = Path.Combine(directory, "resolv.upstream.conf") },
            commandHost = new { host = "127.0.0.1", port = CommandPort },
        };
        return JsonSerializer.Serialize(config, DemoOutput.Json);
    }
}
