using System.Net;
using XenMesh.Messages.Values;
using XenMesh.Node.Filter;

namespace XenMesh.Tests.Filter;

public sealed class NftRulesetTests
{
    private static readonly MacAddress Mac = MacAddress.Parse("00:16:3e:12:34:56");

    [Fact]
    public void Elements_are_spelled_as_protocol_rules_shows_them()
    {
        var port = new FilterPort("vif7.0", Mac);

        Assert.Equal("\"vif7.0\" . 00:16:3e:12:34:56", NftRuleset.PortMacElement(port));
        Assert.Equal("\"vif7.0\" . 0x00163e123456", NftRuleset.PortChaddrElement(port));
        Assert.Equal("\"vif7.0\" . 00:16:3e:12:34:56 . 192.168.0.17", NftRuleset.BindingElement(new FilterBinding("vif7.0", Mac, IPAddress.Parse("192.168.0.17"))));
    }

    [Fact]
    public void Install_replaces_only_the_xenmesh_table_and_fills_its_sets_in_the_same_script()
    {
        var script = NftRuleset.Install(
            [new FilterPort("vif7.0", Mac), new FilterPort("web0", MacAddress.Parse("00:16:3e:00:00:02"))],
            [new FilterBinding("vif7.0", Mac, IPAddress.Parse("192.168.0.17"))]);

        var lines = script.Split('\n');
        Assert.Equal("add table bridge xenmesh", lines[0]);
        Assert.Equal("delete table bridge xenmesh", lines[1]);
        Assert.Equal("table bridge xenmesh {", lines[2]);
        Assert.DoesNotContain(lines, l => l.Contains("table", StringComparison.Ordinal) && !l.Contains("bridge xenmesh", StringComparison.Ordinal));
        Assert.DoesNotContain("flush ruleset", script, StringComparison.Ordinal);
        Assert.Contains("add element bridge xenmesh port_mac { \"vif7.0\" . 00:16:3e:12:34:56, \"web0\" . 00:16:3e:00:00:02 }", lines);
        Assert.Contains("add element bridge xenmesh port_chaddr { \"vif7.0\" . 0x00163e123456, \"web0\" . 0x00163e000002 }", lines);
        Assert.Contains("add element bridge xenmesh guest_ports { \"web0\" }", lines);
        Assert.Contains("add element bridge xenmesh bound4 { \"vif7.0\" . 00:16:3e:12:34:56 . 192.168.0.17 }", lines);
    }

    [Fact]
    public void An_empty_install_defines_the_rules_and_adds_no_elements()
    {
        var script = NftRuleset.Install([], []);

        Assert.Contains("meta iifname . ether saddr != @port_mac counter drop", script, StringComparison.Ordinal);
        Assert.Contains("udp sport { 67, 547 } counter drop", script, StringComparison.Ordinal);
        Assert.DoesNotContain("add element", script, StringComparison.Ordinal);
    }

    [Fact]
    public void A_change_deletes_before_it_adds()
    {
        var old = new FilterBinding("vif7.0", Mac, IPAddress.Parse("192.168.0.17"));
        var renewed = old with { Address = IPAddress.Parse("192.168.0.18") };

        var script = NftRuleset.Change(new FilterChange([], [], [old], [renewed]));

        Assert.Equal(
            "delete element bridge xenmesh bound4 { \"vif7.0\" . 00:16:3e:12:34:56 . 192.168.0.17 }\n" +
            "add element bridge xenmesh bound4 { \"vif7.0\" . 00:16:3e:12:34:56 . 192.168.0.18 }\n",
            script);
    }

    [Fact]
    public void An_empty_change_is_no_script()
    {
        Assert.Null(NftRuleset.Change(new FilterChange([], [], [], [])));
    }
}
