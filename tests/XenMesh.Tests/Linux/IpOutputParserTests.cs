using System.Text.Json;
using XenMesh.Messages.Values;
using XenMesh.Node.Linux;

namespace XenMesh.Tests.Linux;

public sealed class IpOutputParserTests
{
    [Fact]
    public void Links_of_a_bridge_with_veth_ports()
    {
        var links = IpOutputParser.ParseLinks(TestData.Read("ip-link-bridge-with-ports.json")).ToDictionary(l => l.Name);

        Assert.Equal(new LinkInfo("br0", 2, "bridge", null, true, "DOWN", "9e:22:68:9b:e9:29", 1400), links["br0"]);
        Assert.Equal(new LinkInfo("vif1.0", 3, "veth", "br0", true, "DOWN", "d6:b5:83:13:d2:e9", 1400), links["vif1.0"]);
        Assert.Equal(new LinkInfo("vif2.0", 5, "veth", "br0", false, "DOWN", "9e:22:68:9b:e9:29", 1500, LowerLink: "vif2.0p"), links["vif2.0"]);
        Assert.Equal(new LinkInfo("lo", 1, null, null, true, "UNKNOWN", "00:00:00:00:00:00", 65536), links["lo"]);
    }

    [Fact]
    public void A_nic_reports_its_parent_bus_and_device()
    {
        var nic = Assert.Single(IpOutputParser.ParseLinks(TestData.Read("ip-link-virtio-nic.json")));

        Assert.Equal(("eth0", null, "virtio", "virtio2"), (nic.Name, nic.Kind, nic.ParentBus, nic.ParentDevice));
    }

    [Fact]
    public void A_veth_named_eth0_has_no_parent_device()
    {
        var links = IpOutputParser.ParseLinks(TestData.Read("ip-link-veth-named-eth0.json"));

        var eth0 = Assert.Single(links, l => l.Name == "eth0");
        Assert.Equal(("veth", null, null), (eth0.Kind, eth0.ParentBus, eth0.ParentDevice));
    }

    [Fact]
    public void Ipv4_addresses_with_prefixes_and_no_ipv6()
    {
        var addresses = IpOutputParser.ParseIpv4Addresses(TestData.Read("ip-addr-br0.json"));

        Assert.Equal(["192.168.0.254/24", "10.9.9.1/24"], addresses.Select(a => a.ToString()));
        Assert.Equal(24, addresses[0].Subnet.PrefixLength);
    }

    [Fact]
    public void A_link_without_addresses_has_none()
    {
        Assert.Empty(IpOutputParser.ParseIpv4Addresses(TestData.Read("ip-addr-no-address.json")));
    }

    [Fact]
    public void Bridge_ports_with_master_and_stp_state()
    {
        var ports = IpOutputParser.ParseBridgePorts(TestData.Read("bridge-link.json"));

        Assert.Equal([new BridgePortInfo("vif1.0", 3, "br0", "disabled"), new BridgePortInfo("vif2.0", 5, "br0", "disabled")], ports);
    }

    [Fact]
    public void Learned_addresses_leave_out_the_bridges_own_and_the_ports_permanent_entries()
    {
        var learned = IpOutputParser.ParseLearnedAddresses(TestData.Read("bridge-fdb.json"));

        Assert.Equal([new BridgeFdbEntry(MacAddress.Parse("aa:cc:00:00:00:05"), "vif5.0", "br0")], learned);
    }

    [Theory]
    [InlineData("bridge-link-none.json")]
    public void No_bridge_ports(string file)
    {
        Assert.Empty(IpOutputParser.ParseBridgePorts(TestData.Read(file)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n")]
    public void Empty_output_is_an_empty_list(string output)
    {
        Assert.Empty(IpOutputParser.ParseLinks(output));
        Assert.Empty(IpOutputParser.ParseBridgePorts(output));
    }

    [Theory]
    [InlineData("[{\"ifname\":\"br0\"}]")]
    [InlineData("{\"ifindex\":1}")]
    [InlineData("not json")]
    public void Output_that_is_not_a_link_list_is_refused(string output)
    {
        Assert.ThrowsAny<JsonException>(() => IpOutputParser.ParseLinks(output));
    }

    [Fact]
    public void An_inet_address_that_is_not_ipv4_is_refused()
    {
        const string output = """[{"ifname":"br0","addr_info":[{"family":"inet","local":"fe80::1","prefixlen":64}]}]""";

        Assert.Throws<JsonException>(() => IpOutputParser.ParseIpv4Addresses(output));
    }

    [Fact]
    public void Addresses_parse_to_the_value_type_used_by_the_configuration()
    {
        Assert.True(Ipv4Interface.TryParse("192.168.0.254/24", out var configured, out _));

        Assert.Contains(configured, IpOutputParser.ParseIpv4Addresses(TestData.Read("ip-addr-br0.json")));
    }
}
