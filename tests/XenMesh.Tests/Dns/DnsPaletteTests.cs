using System.Net;
using XenMesh.Cluster.Names;
using XenMesh.Node.Commands;
using XenMesh.Node.Commands.Server;
using XenMesh.Node.Dns;
using XenMesh.Node.Dns.Recursion;
using XenMesh.Node.Dns.Server;
using XenMesh.Node.Dns.Zone;
using XenMesh.Tests.Bridge;
using XenMesh.Tests.Dns.Zone;

namespace XenMesh.Tests.Dns;

public sealed class DnsPaletteTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task List_prints_every_name_with_address_owner_and_TTL_then_the_count_and_serial()
    {
        var output = await RunAsync("list");

        Assert.Equal(
            [
                "db.xen | 192.168.0.2 | kubikal | 30s",
                "kubikal.xen | 192.168.0.254 | kubikal | 30s",
                "xen1.xen | 192.168.0.1 | kubikal | 30s",
                "Count: 3 names, serial 7",
            ],
            output.Lines);
    }

    [Fact]
    public async Task List_with_j_prints_one_record_per_name()
    {
        var output = await RunAsync("list", json: true);

        Assert.Equal(new ZoneEntryJson("xen1.xen", "192.168.0.1", "kubikal", 30), output.Records[2]);
        Assert.Empty(output.Lines);
    }

    [Theory]
    [InlineData("xen1", "xen1.xen. 30 IN A 192.168.0.1 (owner kubikal)")]
    [InlineData("XEN1.xen.", "xen1.xen. 30 IN A 192.168.0.1 (owner kubikal)")]
    [InlineData("192.168.0.2", "2.0.168.192.in-addr.arpa. 30 IN PTR db.xen. (owner kubikal)")]
    [InlineData("254.0.168.192.in-addr.arpa", "254.0.168.192.in-addr.arpa. 30 IN PTR kubikal.xen. (owner kubikal)")]
    public async Task Lookup_answers_names_and_addresses_from_the_zone(string name, string expected)
    {
        var output = await RunAsync("lookup", json: false, ("name", name));

        Assert.Equal([expected], output.Lines);
    }

    [Fact]
    public async Task Lookup_of_an_absent_name_fails_and_an_unloaded_zone_is_an_error()
    {
        await Assert.ThrowsAsync<CommandFailedException>(() => RunAsync("lookup", json: false, ("name", "nope")));
        await Assert.ThrowsAsync<CommandFailedException>(() => RunAsync("list", json: false, new ZoneSnapshotHolder()));
    }

    [Fact]
    public void The_palette_definition_follows_the_rules()
    {
        using var forwarder = new DnsRecursionCounters();
        var definition = new DnsPalette(new ZoneSnapshotHolder(), new DnsServerCounters(), forwarder, new ZoneView()).Definition;

        Assert.Empty(PaletteDefinitionRules.Check([definition]));
        Assert.Equal(["list", "lookup", "stats", "conflicts"], definition.Commands.Select(c => c.Name));
    }

    private static Task<CollectingOutput> RunAsync(string command, bool json = false, params (string Name, string Value)[] arguments)
    {
        var holder = new ZoneSnapshotHolder();
        holder.Publish(TestZone.Default);
        return RunAsync(command, json, holder, arguments);
    }

    private static async Task<CollectingOutput> RunAsync(string command, bool json, ZoneSnapshotHolder holder, params (string Name, string Value)[] arguments)
    {
        var output = new CollectingOutput();
        var invocation = new CommandInvocation("dns", command, arguments.ToDictionary(a => a.Name, a => (IReadOnlyList<string?>)[a.Value]), json, new IPEndPoint(IPAddress.Loopback, 50000));
        using var forwarder = new DnsRecursionCounters();
        await new DnsPalette(holder, new DnsServerCounters(), forwarder, new ZoneView()).ExecuteAsync(invocation, output, Ct);
        return output;
    }
}
