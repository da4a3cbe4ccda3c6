using XenMesh.Messages.Values;

namespace XenMesh.Node.Demo;

/// <summary>One guest of the demo: a namespace joined to its dom0's bridge by a veth named like a vif.</summary>
/// <param name="Name">Its Xen domain name, also its namespace suffix.</param>
/// <param name="DomId">Its domid: its vif is <c>vif&lt;DomId&gt;.&lt;DevId&gt;</c>.</param>
/// <param name="DevId">The vif's device index.</param>
/// <param name="Mac">The vif's MAC, also the guest interface's.</param>
/// <param name="Uuid">The Xen domain UUID.</param>
/// <param name="SendHostName">What its dhclient.conf sends with <c>send host-name</c>, or null for no such line.</param>
public sealed record DemoGuestPlan(string Name, int DomId, int DevId, string Mac, string Uuid, string? SendHostName)
{
    public string Vif => $"vif{DomId}.{DevId}";

    public string XenbusPath => $"backend/vif/{DomId}/{DevId}";
}

/// <summary>One dom0 of the demo with its bridge, DHCP range, LAN address and guests.</summary>
public sealed record DemoHostPlan(string Id, string Bridge, string BridgeAddress, string RangeStart, string RangeEnd, string LanAddress, IReadOnlyList<DemoGuestPlan> Guests)
{
    /// <summary>The guest subnet: the bridge address's network.</summary>
    public string Subnet => Ipv4Interface.TryParse(BridgeAddress, out var bridge, out var error)
        ? bridge.Subnet.ToString()
        : throw new DemoException($"bridge address {BridgeAddress}: {error}");
}

/// <summary>
/// The LAN the dom0s share: a namespace holding only the bridge (the switch), a gateway namespace on it
/// (the DSL router, running BIRD), and a LAN client namespace whose default route is the gateway.
/// </summary>
public sealed record DemoLanPlan(string Name, string Bridge, string Subnet, string GatewayName, string GatewayAddress, string ClientName, string ClientAddress)
{
    /// <summary>The LAN's prefix length, for the addresses of the namespaces on it.</summary>
    public int PrefixLength => Ipv4Subnet.TryParse(Subnet, out var subnet, out var error)
        ? subnet.PrefixLength
        : throw new DemoException($"LAN subnet {Subnet}: {error}");
}

/// <summary>What <c>xenmesh demo up</c> builds, and where it keeps its runtime files.</summary>
public sealed record DemoPlan(string Prefix, string StateDirectory, DemoLanPlan Lan, IReadOnlyList<DemoHostPlan> Hosts)
{
    public const string DefaultPrefix = "xmdemo";
    public const string DefaultStateDirectory = "/run/xenmesh-demo";

    /// <summary>Akka.Remote's port on every dom0's LAN address.</summary>
    public const int ClusterPort = 4053;

    /// <summary>
    /// The original hand-made setup grown to a mesh: LAN 192.168.11.0/24 with the gateway at .254; host
    /// kubikal at .100 with br0 192.168.0.254/24, range 192.168.0.1-253 with 3-day leases, guests xen1 (whose
    /// dhclient sends host-name xen1.xen, as configured by hand then) and xen2 (which sends none and is named
    /// from its Xen domain name); rack2 (.101, 192.168.1.0/24) and rack3 (.102, 192.168.2.0/24) with a guest of
    /// each kind too. kubikal is the first seed.
    /// </summary>
    public static DemoPlan Default(string prefix, string stateDirectory) => new(prefix, stateDirectory,
        new DemoLanPlan("lan", "lan0", "192.168.11.0/24", "gw", "192.168.11.254", "client", "192.168.11.50"),
        [
            new DemoHostPlan("kubikal", "br0", "192.168.0.254/24", "192.168.0.1", "192.168.0.253", "192.168.11.100",
            [
                new DemoGuestPlan("xen1", 1, 0, "aa:cc:00:00:00:01", "6f1d4a0e-0001-4c38-9d43-5a3c2f000001", "xen1.xen"),
                new DemoGuestPlan("xen2", 2, 0, "aa:cc:00:00:00:02", "6f1d4a0e-0002-4c38-9d43-5a3c2f000002", null),
            ]),
            new DemoHostPlan("rack2", "br0", "192.168.1.254/24", "192.168.1.1", "192.168.1.253", "192.168.11.101",
            [
                new DemoGuestPlan("web", 1, 0, "aa:cc:00:01:00:01", "6f1d4a0e-0101-4c38-9d43-5a3c2f000101", "web.xen"),
                new DemoGuestPlan("mail", 2, 0, "aa:cc:00:01:00:02", "6f1d4a0e-0102-4c38-9d43-5a3c2f000102", null),
            ]),
            new DemoHostPlan("rack3", "br0", "192.168.2.254/24", "192.168.2.1", "192.168.2.253", "192.168.11.102",
            [
                new DemoGuestPlan("app", 1, 0, "aa:cc:00:02:00:01", "6f1d4a0e-0201-4c38-9d43-5a3c2f000201", "app.xen"),
                new DemoGuestPlan("cache", 2, 0, "aa:cc:00:02:00:02", "6f1d4a0e-0202-4c38-9d43-5a3c2f000202", null),
            ]),
        ]);

    /// <summary><c>host:port</c> of every dom0's Akka.Remote, the first host (the one started first) first.</summary>
    public IReadOnlyList<string> Seeds => [.. Hosts.Select(h => $"{h.LanAddress}:{ClusterPort}")];

    public string NamespaceOf(string name) => $"{Prefix}-{name}";

    public string HostDirectory(DemoHostPlan host) => Path.Combine(StateDirectory, host.Id);

    public string GuestDirectory(DemoHostPlan host, DemoGuestPlan guest) => Path.Combine(HostDirectory(host), "guests", guest.Name);

    public string GatewayDirectory => Path.Combine(StateDirectory, Lan.GatewayName);

    public string StateFile => Path.Combine(StateDirectory, "demo.json");
}
