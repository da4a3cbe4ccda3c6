using System.Net;
using XenMesh.Messages.Values;
using XenMesh.Node.Dns.Zone;

namespace XenMesh.Tests.Dns.Zone;

/// <summary>The zone of the design's picture: host kubikal with xen1 and db on 192.168.0.0/24.</summary>
internal static class TestZone
{
    public static readonly Ipv4Subnet Subnet = new(0xc0a80000, 24);

    public static ZoneContent Content(params (string Name, string Address)[] guests) =>
        new(
            "xen",
            [.. guests.Select(g => new ZoneRecord(g.Name, IPAddress.Parse(g.Address), "kubikal")), new ZoneRecord("kubikal", IPAddress.Parse("192.168.0.254"), "kubikal")],
            [Subnet],
            7,
            "kubikal",
            30);

    public static ZoneSnapshot Snapshot(params (string Name, string Address)[] guests) => ZoneSnapshot.Build(Content(guests));

    public static ZoneSnapshot Default => Snapshot(("xen1", "192.168.0.1"), ("db", "192.168.0.2"));
}
