using System.Text.Json;

namespace XenMesh.Node.Demo;

/// <summary>Prints a demo report as text for people or JSON for scripts.</summary>
internal static class DemoOutput
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static void Print(DemoReport report, bool json)
    {
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(report, Json));
            return;
        }

        foreach (var host in report.Hosts)
        {
            Console.WriteLine($"dom0 {host.Id} | netns {host.Namespace} | {host.Bridge} {host.Address} | agent pid {host.AgentPid} {(host.AgentRunning ? "running" : "NOT running")} | log {host.Log}");
            foreach (var guest in host.Guests)
                Console.WriteLine($"  guest {guest.Name} | netns {guest.Namespace} | {guest.Vif} | {guest.Mac} | {(guest.Attached ? "attached" : "NOT attached")} | address {guest.Address ?? "-"} | name {guest.DnsName ?? "-"}");
            foreach (var entry in host.Zone ?? [])
                Console.WriteLine($"  zone {entry.Name} | {entry.Address} | owner {entry.Owner} | ttl {entry.Ttl}s");
        }

        Console.WriteLine($"Count: {report.Hosts.Count} hosts, {report.Hosts.Sum(h => h.Guests.Count)} guests");
        Console.WriteLine($"Try: ip netns exec {report.Hosts[0].Namespace} {DemoFiles.SelfCommandLine} vif list");
        if (report.Hosts[0].Guests is [var first, var second, ..])
            Console.WriteLine($"     ip netns exec {first.Namespace} dig {second.Name}.xen    (the guest's resolv.conf names its dom0)");
    }
}
