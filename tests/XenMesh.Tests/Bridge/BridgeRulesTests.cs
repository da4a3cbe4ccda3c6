using XenMesh.Messages.Values;
using XenMesh.Node.Bridge;
using XenMesh.Node.Linux;
using XenMesh.Tests.Linux;
using static XenMesh.Node.Bridge.BridgeRepair;

namespace XenMesh.Tests.Bridge;

public sealed class BridgeRulesTests
{
    private static readonly BridgeTarget Target = new("br0", Address("192.168.0.254/24"));

    private static readonly LinkInfo Br0 = new("br0", 2, "bridge", null, true, "UP", "9e:22:68:9b:e9:29", 1500);
    private static readonly LinkInfo Vif = new("vif1.0", 7, null, "br0", true, "UP", "fe:ff:ff:ff:ff:ff", 1500, "xen-backend", "vif-1-0");
    private static readonly LinkInfo PciNic = new("eth1", 3, null, null, true, "UP", "00:1b:21:aa:bb:cc", 1500, "pci", "0000:03:00.0");

    [Fact]
    public void A_bridge_in_its_desired_state_needs_nothing()
    {
        var observed = BridgeRules.Observe("br0", [Br0, Vif], [Target.Address], false, [new BridgePortInfo("vif1.0", 7, "br0", "forwarding")]);

        var plan = BridgeRules.Decide(Target, observed);

        Assert.Empty(plan.Repairs);
        Assert.Null(plan.Conflict);
    }

    [Fact]
    public void A_missing_bridge_is_created_addressed_set_up_and_offload_turned_off()
    {
        var observed = BridgeRules.Observe("br0", [], [], null, []);

        Assert.Equal<BridgeRepair>(
            [new CreateBridge(), new AddAddress(Target.Address), new SetUp(), new DisableTxChecksumming()],
            BridgeRules.Decide(Target, observed).Repairs);
    }

    [Fact]
    public void The_captured_bridge_only_needs_tx_offload_off()
    {
        var links = IpOutputParser.ParseLinks(TestData.Read("ip-link-bridge-with-ports.json"));
        var addresses = IpOutputParser.ParseIpv4Addresses(TestData.Read("ip-addr-br0.json"));
        var tx = EthtoolFeatures.Parse(TestData.Read("ethtool-k-tx-on.txt")).TxChecksumming;
        var ports = IpOutputParser.ParseBridgePorts(TestData.Read("bridge-link.json"));

        var observed = BridgeRules.Observe("br0", links, addresses, tx, ports);

        Assert.Equal<BridgeRepair>([new DisableTxChecksumming()], BridgeRules.Decide(Target, observed).Repairs);
        Assert.Equal(["vif1.0", "vif2.0"], observed.Ports.Select(p => p.Link.Name));
        Assert.All(observed.Ports, p => Assert.False(p.IsPhysical));
        Assert.All(observed.Ports, p => Assert.Equal("disabled", p.State));
    }

    [Fact]
    public void A_removed_address_is_added_back_and_other_addresses_are_left_alone()
    {
        var observed = BridgeRules.Observe("br0", [Br0], [Address("10.9.9.1/24")], false, []);

        Assert.Equal<BridgeRepair>([new AddAddress(Target.Address)], BridgeRules.Decide(Target, observed).Repairs);
    }

    [Fact]
    public void The_configured_address_with_a_wrong_prefix_is_replaced()
    {
        var observed = BridgeRules.Observe("br0", [Br0], [Address("192.168.0.254/16")], false, []);

        Assert.Equal<BridgeRepair>(
            [new RemoveAddress(Address("192.168.0.254/16")), new AddAddress(Target.Address)],
            BridgeRules.Decide(Target, observed).Repairs);
    }

    [Fact]
    public void A_bridge_set_down_is_set_up()
    {
        var observed = BridgeRules.Observe("br0", [Br0 with { AdminUp = false, OperState = "DOWN" }], [Target.Address], false, []);

        Assert.Equal<BridgeRepair>([new SetUp()], BridgeRules.Decide(Target, observed).Repairs);
    }

    [Fact]
    public void A_physical_port_is_detached_before_anything_else()
    {
        var observed = BridgeRules.Observe("br0", [Br0, Vif, PciNic with { Master = "br0" }], [], true, []);

        Assert.Equal<BridgeRepair>(
            [new DetachPhysicalPort("eth1"), new AddAddress(Target.Address), new DisableTxChecksumming()],
            BridgeRules.Decide(Target, observed).Repairs);
    }

    [Fact]
    public void A_device_of_another_kind_with_the_bridge_name_is_a_conflict_and_left_untouched()
    {
        var veth = new LinkInfo("br0", 4, "veth", null, true, "UP", "aa:aa:aa:aa:aa:aa", 1500);

        var plan = BridgeRules.Decide(Target, BridgeRules.Observe("br0", [veth, PciNic with { Master = "br0" }], [], null, []));

        Assert.Empty(plan.Repairs);
        Assert.Equal("br0 exists but is a veth, not a bridge; it is left untouched", plan.Conflict);
    }

    [Fact]
    public void A_nic_with_a_hardware_parent_is_physical()
    {
        var nic = Assert.Single(IpOutputParser.ParseLinks(TestData.Read("ip-link-virtio-nic.json")));

        Assert.True(BridgeRules.IsPhysical(nic, [nic]));
        Assert.True(BridgeRules.IsPhysical(PciNic, [PciNic]));
    }

    [Fact]
    public void A_xen_netback_vif_has_a_parent_but_is_a_guest_port()
    {
        Assert.False(BridgeRules.IsPhysical(Vif, [Vif]));
    }

    [Fact]
    public void Virtual_devices_are_not_physical_whatever_their_name()
    {
        var links = IpOutputParser.ParseLinks(TestData.Read("ip-link-veth-named-eth0.json"));
        var tap = new LinkInfo("vif1.0-emu", 9, "tun", "br0", true, "UP", "fe:ff:ff:ff:ff:ff", 1500);

        Assert.All(links, l => Assert.False(BridgeRules.IsPhysical(l, links)));
        Assert.False(BridgeRules.IsPhysical(tap, [tap]));
    }

    [Fact]
    public void A_vlan_or_macvlan_on_a_nic_is_physical_and_on_a_veth_is_not()
    {
        var veth = new LinkInfo("veth0", 5, "veth", null, true, "UP", "aa:aa:aa:aa:aa:01", 1500);
        var vlanOnNic = new LinkInfo("eth1.10", 10, "vlan", "br0", true, "UP", PciNic.Mac, 1500, LowerLink: "eth1");
        var macvlanOnNic = new LinkInfo("mv0", 11, "macvlan", "br0", true, "UP", "aa:aa:aa:aa:aa:02", 1500, LowerLink: "eth1");
        var vlanOnVeth = new LinkInfo("veth0.10", 12, "vlan", "br0", true, "UP", veth.Mac, 1500, LowerLink: "veth0");
        LinkInfo[] links = [PciNic, veth, vlanOnNic, macvlanOnNic, vlanOnVeth];

        Assert.True(BridgeRules.IsPhysical(vlanOnNic, links));
        Assert.True(BridgeRules.IsPhysical(macvlanOnNic, links));
        Assert.False(BridgeRules.IsPhysical(vlanOnVeth, links));
    }

    [Fact]
    public void A_bond_is_physical_when_a_slave_is()
    {
        var bond = new LinkInfo("bond0", 20, "bond", "br0", true, "UP", PciNic.Mac, 1500);
        var emptyBond = bond with { Name = "bond1", Index = 21 };

        Assert.True(BridgeRules.IsPhysical(bond, [bond, PciNic with { Master = "bond0" }]));
        Assert.False(BridgeRules.IsPhysical(emptyBond, [emptyBond, PciNic]));
    }

    [Fact]
    public void A_cycle_of_stacked_devices_ends_as_not_physical()
    {
        var a = new LinkInfo("a", 30, "vlan", "br0", true, "UP", null, 1500, LowerLink: "b");
        var b = new LinkInfo("b", 31, "vlan", null, true, "UP", null, 1500, LowerLink: "a");

        Assert.False(BridgeRules.IsPhysical(a, [a, b]));
    }

    [Fact]
    public void Status_reports_state_addresses_offload_and_ports()
    {
        var at = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var observed = BridgeRules.Observe("br0", [Br0, Vif, PciNic with { Master = "br0" }], [Target.Address], false, [new BridgePortInfo("vif1.0", 7, "br0", "forwarding")]);

        var status = BridgeRules.ToStatus(Target, observed, null, at);

        Assert.Equal(("br0", "192.168.0.254/24", "up", false, at), (status.Name, status.ConfiguredAddress, status.State, status.TxChecksumming, status.CheckedAt));
        Assert.Equal(["192.168.0.254/24"], status.Addresses);
        Assert.Equal(
            [new BridgeProtocol.BridgePortStatus("vif1.0", "forwarding", "fe:ff:ff:ff:ff:ff", false), new BridgeProtocol.BridgePortStatus("eth1", "unknown", PciNic.Mac, true)],
            status.Ports);
        Assert.Equal(["eth1"], status.PhysicalPorts);
    }

    [Theory]
    [InlineData(null, "unknown")]
    [InlineData("absent", "absent")]
    [InlineData("veth", "not-a-bridge")]
    [InlineData("down", "down")]
    public void Status_state_names(string? situation, string expected)
    {
        var observed = situation switch
        {
            null => null,
            "absent" => BridgeObservation.Absent,
            "veth" => BridgeRules.Observe("br0", [Br0 with { Kind = "veth" }], [], null, []),
            _ => BridgeRules.Observe("br0", [Br0 with { AdminUp = false }], [], true, []),
        };

        Assert.Equal(expected, BridgeRules.ToStatus(Target, observed, "why", DateTimeOffset.UnixEpoch).State);
    }

    private static Ipv4Interface Address(string text) =>
        Ipv4Interface.TryParse(text, out var value, out var error) ? value : throw new FormatException(error);
}
