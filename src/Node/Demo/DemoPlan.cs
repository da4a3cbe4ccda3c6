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

/// <summary>One dom0 of the demo with its bridge, DHCP range and guests.</summary>
public sealed record DemoHostPlan(string Id, string Bridge, string BridgeAddress, string RangeStart, string RangeEnd, IReadOnlyList<DemoGuestPlan> Guests);

/// <summary>What <c>xenmesh demo up</c> builds, and where it keeps its runtime files.</summary>
public sealed record DemoPlan(string Prefix, string StateDirectory, IReadOnlyList<DemoHostPlan> Hosts)
{
    public const string DefaultPrefix = "xmdemo";
    public const string DefaultStateDirectory = "/run/xenmesh-demo";

    /// <summary>
    /// The original hand-made setup: host kubikal, br0 192.168.0.254/24, range 192.168.0.1-253 with 3-day
    /// leases, guests xen1 (whose dhclient sends host-name xen1.xen, as configured by hand then) and xen2
    /// (which sends none and is named from its Xen domain name).
    /// </summary>
    public static DemoPlan Default(string prefix, string stateDirectory) => new(prefix, stateDirectory,
    [
        new DemoHostPlan("kubikal", "br0", "192.168.0.254/24", "192.168.0.1", "192.168.0.253",
        [
            new DemoGuestPlan("xen1", 1, 0, "aa:cc:00:00:00:01", "6f1d4a0e-0001-4c38-9d43-5a3c2f000001", "xen1.xen"),
            new DemoGuestPlan("xen2", 2, 0, "aa:cc:00:00:00:02", "6f1d4a0e-0002-4c38-9d43-5a3c2f000002", null),
        ]),
    ]);

    public string NamespaceOf(string name) => $"{Prefix}-{name}";

    public string HostDirectory(DemoHostPlan host) => Path.Combine(StateDirectory, host.Id);

    public string GuestDirectory(DemoHostPlan host, DemoGuestPlan guest) => Path.Combine(HostDirectory(host), "guests", guest.Name);

    public string StateFile => Path.Combine(StateDirectory, "demo.json");
}
