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

        Console.WriteLine($"lan {report.Lan.Subnet} | netns {report.Lan.Namespace} | bridge {report.Lan.Bridge}");
        var gateway = report.Gateway;
        Console.WriteLine($"gateway {gateway.Address} | netns {gateway.Namespace} | bird pid {gateway.BirdPid} {(gateway.BirdRunning ? "running" : "NOT running")} | log {gateway.Log}");
        foreach (var route in gateway.Routes)
            Console.WriteLine($"  route {route.Dst} | via {route.Gateway ?? "-"} | dev {route.Dev ?? "-"} | proto {route.Protocol ?? "-"}");
        Console.WriteLine($"lan client {report.LanClient.Address} | netns {report.LanClient.Namespace} | default via {gateway.Address}");
        foreach (var host in report.Hosts)
        {
            Console.WriteLine($"dom0 {host.Id} | netns {host.Namespace} | lan {host.LanAddress} | {host.Bridge} {host.Address} ({host.Subnet}) | agent pid {host.AgentPid} {(host.AgentRunning ? "running" : "NOT running")} | log {host.Log}");
            foreach (var guest in host.Guests)
                Console.WriteLine($"  guest {guest.Name} | netns {guest.Namespace} | {guest.Vif} | {guest.Mac} | {(guest.Attached ? "attached" : "NOT attached")} | address {guest.Address ?? "-"} | name {guest.DnsName ?? "-"}");
            foreach (var entry in host.Zone ?? [])
                Console.WriteLine($"  zone {entry.Name} | {entry.Address} | owner {entry.Owner} | ttl {entry.Ttl}s");
        }

        Console.WriteLine($"Count: {report.Hosts.Count} hosts, {report.Hosts.Sum(h => h.Guests.Count)} guests");
        Console.WriteLine($"Try: ip netns exec {report.Hosts[0].Namespace} {DemoFiles.SelfCommandLine} host list");
        if (report.Hosts[0].Guests is [var first, ..] && report.Hosts[^1].Guests is [.., var last])
        {
            Console.WriteLine($"     ip netns exec {first.Namespace} dig {last.Name}.xen    (the guest's resolv.conf names its dom0)");
            if (last.Address is { } address)
                Console.WriteLine($"     ip netns exec {report.LanClient.Namespace} busybox ping -c 1 {address}    (through the routes the gateway learned)");
        }
    }
}
