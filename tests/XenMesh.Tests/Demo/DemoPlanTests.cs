using System.Net;
using XenMesh.Messages.Values;
using XenMesh.Node.Configuration;
using XenMesh.Node.Demo;
using XenMesh.Node.Linux;

namespace XenMesh.Tests.Demo;

public sealed class DemoPlanTests
{
    private static readonly DemoPlan Plan = DemoPlan.Default(DemoPlan.DefaultPrefix, DemoPlan.DefaultStateDirectory);

    [Fact]
    public void The_first_host_is_the_original_kubikal_with_its_subnet_and_lan_address_and_is_the_first_seed()
    {
        var kubikal = Plan.Hosts[0];
        Assert.Equal(("kubikal", "192.168.0.0/24", "192.168.11.100"), (kubikal.Id, kubikal.Subnet, kubikal.LanAddress));
        Assert.Equal(["192.168.11.100:4053", "192.168.11.101:4053", "192.168.11.102:4053"], Plan.Seeds);
        Assert.Equal(3, Plan.Hosts.Count);
        Assert.All(Plan.Hosts, h => Assert.Equal(2, h.Guests.Count));
    }

    [Fact]
    public void Subnets_do_not_overlap_and_hold_their_bridge_and_range_and_every_lan_address_is_on_the_lan()
    {
        var subnets = Plan.Hosts.Select(h => Subnet(h.Subnet)).ToList();
        for (var i = 0; i < subnets.Count; i++)
        {
            for (var j = i + 1; j < subnets.Count; j++)
                Assert.False(subnets[i].Overlaps(subnets[j]), $"{subnets[i]} overlaps {subnets[j]}");
        }

        foreach (var host in Plan.Hosts)
        {
            var subnet = Subnet(host.Subnet);
            Assert.True(subnet.Contains(IPAddress.Parse(host.RangeStart)) && subnet.Contains(IPAddress.Parse(host.RangeEnd)), host.Id);
        }

        var lan = Subnet(Plan.Lan.Subnet);
        string[] lanAddresses = [.. Plan.Hosts.Select(h => h.LanAddress), Plan.Lan.GatewayAddress, Plan.Lan.ClientAddress];
        Assert.All(lanAddresses, a => Assert.True(lan.Contains(IPAddress.Parse(a)), a));
        Assert.Equal(lanAddresses.Length, lanAddresses.Distinct().Count());
        Assert.All(subnets, s => Assert.False(s.Overlaps(lan), $"{s} overlaps the LAN"));
    }

    [Fact]
    public void Namespaces_and_macs_are_distinct_and_valid_and_lan_ports_fit_an_interface_name()
    {
        string[] names = [Plan.Lan.Name, Plan.Lan.GatewayName, Plan.Lan.ClientName, .. Plan.Hosts.Select(h => h.Id), .. Plan.Hosts.SelectMany(h => h.Guests).Select(g => g.Name)];
        Assert.Equal(names.Length, names.Distinct().Count());
        Assert.All(names, n => Assert.True(NetworkNamespaces.IsValidName(Plan.NamespaceOf(n)), n));
        var macs = Plan.Hosts.SelectMany(h => h.Guests).Select(g => g.Mac).ToList();
        Assert.Equal(macs.Count, macs.Distinct().Count());
        Assert.All([Plan.Lan.GatewayName, Plan.Lan.ClientName, .. Plan.Hosts.Select(h => h.Id)], n => Assert.True($"p-{n}".Length <= 15, n));
    }

    [Fact]
    public void Every_agent_config_loads_without_errors_with_the_mesh_lan_and_rip_sections()
    {
        var folder = Directory.CreateTempSubdirectory("xenmesh-demo-plan-");
        try
        {
            foreach (var host in Plan.Hosts)
            {
                var file = Path.Combine(folder.FullName, $"{host.Id}.json");
                File.WriteAllText(file, DemoAgentConfig.Json(Plan, host));
                var (settings, errors) = SettingsLoader.Load(file, []);
                Assert.Empty(errors);
                Assert.Equal(host.Id, settings!.Host.Id);
                Assert.Equal(host.BridgeAddress, settings.Bridge.Address);
                Assert.Equal((DemoAgentConfig.LanInterface, host.LanAddress, Plan.Lan.GatewayAddress), (settings.Lan.Interface, settings.Lan.Address, settings.Lan.Gateway));
                Assert.Equal(Plan.Seeds, settings.Cluster!.Seeds);
                Assert.True(settings.Rip.Enabled);
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static Ipv4Subnet Subnet(string text) =>
        Ipv4Subnet.TryParse(text, out var subnet, out var error) ? subnet : throw new FormatException(error);
}
