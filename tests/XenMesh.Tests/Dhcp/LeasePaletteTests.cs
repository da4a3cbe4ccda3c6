using System.Net;
using System.Text.Json;
using Akka.Actor;
using Akka.Hosting;
using Akka.TestKit;
using XenMesh.Messages.Leases;
using XenMesh.Messages.Values;
using XenMesh.Node.Commands;
using XenMesh.Node.Commands.Server;
using XenMesh.Node.Configuration;
using XenMesh.Node.Dhcp;
using XenMesh.Node.Dhcp.Leases;
using XenMesh.Tests.Bridge;
using static XenMesh.Node.Dhcp.Leases.LeasePoolProtocol;

namespace XenMesh.Tests.Dhcp;

public sealed class LeasePaletteTests : Akka.TestKit.Xunit.TestKit
{
    private static readonly DateTimeOffset Since = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Later = DateTimeOffset.UtcNow.AddDays(3);

    private static readonly LeaseRecord Xen1 = new(
        IPAddress.Parse("192.168.0.1"), MacAddress.Parse("aa:cc:00:00:00:01"), "01aacc00000001", "vif1.0", "xen1", LeaseNameSource.XenDomain, Since, Later);

    private static readonly LeaseRecord Relayed = new(
        IPAddress.Parse("10.9.0.5"), MacAddress.Parse("02:00:00:00:00:05"), null, null, null, LeaseNameSource.None, Since, Since.AddDays(3));

    private static readonly XenMeshSettings Settings = new();

    private readonly List<object> _asked = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task List_prints_one_line_per_lease_and_a_count()
    {
        var output = await RunAsync("list");

        Assert.Equal(
            [
                $"192.168.0.1 | aa:cc:00:00:00:01 | vif1.0 | xen1 | bound | expires {LeasePalette.Utc(Later)}",
                "10.9.0.5 | 02:00:00:00:00:05 | - | - | expired | expires 2026-01-04 12:00:00Z",
                "Count: 2 leases",
            ],
            output.Lines);
    }

    [Fact]
    public async Task List_keeps_the_leases_of_a_subnet_and_prints_records_with_j()
    {
        var output = await RunAsync("list", json: true, ("subnet", "192.168.0.0/24"));

        var record = Assert.IsType<LeaseJson>(Assert.Single(output.Records));
        Assert.Equal(new LeaseJson("192.168.0.1", "aa:cc:00:00:00:01", "01aacc00000001", "vif1.0", "xen1", "XenDomain", "bound", Since, Later), record);
        Assert.Empty(output.Lines);
    }

    [Fact]
    public async Task Show_finds_by_mac_or_address_and_prints_key_value_lines()
    {
        var output = await RunAsync("show", json: false, ("mac", "AA:CC:00:00:00:01"));

        Assert.Equal(new FindLeases(Mac: Xen1.Mac), _asked.Single());
        Assert.Equal(
            [
                "address: 192.168.0.1", "mac: aa:cc:00:00:00:01", "client id: 01aacc00000001", "vif: vif1.0", "name: xen1", "name source: XenDomain",
                "state: bound", "bound since: 2026-01-01 12:00:00Z", $"expires: {LeasePalette.Utc(Later)}",
            ],
            output.Lines);

        await RunAsync("show", json: true, ("ip", "192.168.0.1"));
        Assert.Equal(new FindLeases(Address: Xen1.Address), _asked[^1]);
    }

    [Theory]
    [InlineData(new string[0], "give either -m MAC or -i ADDRESS")]
    [InlineData(new[] { "mac", "aa:cc:00:00:00:01", "ip", "192.168.0.1" }, "give either -m MAC or -i ADDRESS")]
    [InlineData(new[] { "mac", "01:00:5e:00:00:01" }, "multicast")]
    [InlineData(new[] { "ip", "192.168.0" }, "not an IPv4 address")]
    [InlineData(new[] { "ip", "192.168.0.99" }, "no lease for 192.168.0.99")]
    public async Task Show_refuses_bad_or_missing_keys(string[] arguments, string message)
    {
        var pairs = arguments.Chunk(2).Select(p => (p[0], p[1])).ToArray();

        var e = await Assert.ThrowsAsync<CommandFailedException>(() => RunAsync("show", json: false, pairs));

        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Release_tells_what_it_released()
    {
        var output = await RunAsync("release", json: false, ("mac", "aa:cc:00:00:00:01"));

        Assert.Equal(new ReleaseClient(Xen1.Mac), _asked.Single());
        Assert.Equal(["released 192.168.0.1 of aa:cc:00:00:00:01"], output.Lines);
    }

    [Fact]
    public async Task Reserve_sends_the_name_in_lower_case_and_reports_a_refusal_as_a_failure()
    {
        var output = await RunAsync("reserve", json: false, ("mac", "aa:cc:00:00:00:01"), ("ip", "192.168.0.50"), ("name", "Web"));

        Assert.Equal(new Reserve(Xen1.Mac, IPAddress.Parse("192.168.0.50"), "web"), _asked.Single());
        Assert.Equal(["192.168.0.50 reserved for aa:cc:00:00:00:01 as web"], output.Lines);

        var e = await Assert.ThrowsAsync<CommandFailedException>(() => RunAsync("reserve", json: false, ("mac", "aa:cc:00:00:00:01"), ("ip", "192.168.0.60")));
        Assert.Equal("refused, nothing was changed: 192.168.0.60 is leased to aa:cc:00:00:00:09; release that lease first", e.Message);
        var bad = await Assert.ThrowsAsync<CommandFailedException>(() => RunAsync("reserve", json: false, ("mac", "aa:cc:00:00:00:01"), ("ip", "192.168.0.50"), ("name", "my_pc")));
        Assert.Contains("not an RFC 1123 label", bad.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unreserve_reports_what_it_removed_and_a_refusal_as_a_failure()
    {
        var text = await RunAsync("unreserve", json: false, ("mac", "aa:cc:00:00:00:01"));
        var json = await RunAsync("unreserve", json: true, ("mac", "aa:cc:00:00:00:02"));

        Assert.Equal([new Unreserve(Xen1.Mac), new Unreserve(MacAddress.Parse("aa:cc:00:00:00:02"))], _asked);
        Assert.Equal(["removed the reservation of 192.168.0.50 for aa:cc:00:00:00:01"], text.Lines);
        Assert.Equal("""{"mac":"aa:cc:00:00:00:02","address":null,"removed":false}""", JsonSerializer.Serialize(Assert.Single(json.Records)));
        var e = await Assert.ThrowsAsync<CommandFailedException>(() => RunAsync("unreserve", json: false, ("mac", "aa:cc:00:00:00:09")));
        Assert.Equal("refused, nothing was changed: aa:cc:00:00:00:09 is reserved in the configuration (dhcp.reservations.0); remove it there", e.Message);
    }

    [Fact]
    public async Task Pool_prints_use_offers_and_declined_addresses_of_the_bridge_subnet()
    {
        var text = await RunAsync("pool");
        var json = await RunAsync("pool", json: true);

        Assert.Equal(["192.168.0.0/24 | used 2/251 | offered 1 | declined 1"], text.Lines);
        var record = Assert.IsType<PoolJson>(Assert.Single(json.Records));
        Assert.Equal(("192.168.0.0/24", 251, 2, 247, 1, 1), (record.Subnet, record.Size, record.Used, record.Free, record.Offered, record.Declined));
        Assert.Equal(3, record.Dropped["PoolExhausted"]);
    }

    [Fact]
    public void The_definition_passes_the_command_host_rules()
    {
        var definition = new LeasePalette(new RequiredActor<LeasePool>(new ActorRegistry()), Settings).Definition;

        Assert.Empty(PaletteDefinitionRules.Check([definition]));
        Assert.Equal(["list", "show", "release", "reserve", "unreserve", "pool"], definition.Commands.Select(c => c.Name));
        Assert.Equal(["release", "reserve", "unreserve"], definition.Commands.Where(c => c.Mutating).Select(c => c.Name));
    }

    private async Task<CollectingOutput> RunAsync(string command, bool json = false, params (string Name, string Value)[] arguments)
    {
        var output = new CollectingOutput();
        var invocation = new CommandInvocation(
            "lease",
            command,
            arguments.ToDictionary(a => a.Name, a => (IReadOnlyList<string?>)[a.Value]),
            json,
            new IPEndPoint(IPAddress.Loopback, 50000));
        await Palette().ExecuteAsync(invocation, output, Ct);
        return output;
    }

    private LeasePalette Palette()
    {
        var pool = CreateTestProbe();
        pool.SetAutoPilot(new DelegateAutoPilot((sender, message) =>
        {
            _asked.Add(message);
            sender.Tell(message switch
            {
                ListLeases => new LeaseList([Xen1, Relayed]),
                FindLeases { Mac: { } mac } => new LeaseList([.. new[] { Xen1, Relayed }.Where(l => l.Mac == mac)]),
                FindLeases { Address: { } address } => new LeaseList([.. new[] { Xen1, Relayed }.Where(l => l.Address.Equals(address))]),
                ReleaseClient => new ClientReleased([Xen1]),
                Reserve { Address: var a } when a.Equals(IPAddress.Parse("192.168.0.60")) =>
                    new ReservationRefused("192.168.0.60 is leased to aa:cc:00:00:00:09; release that lease first"),
                Reserve r => new ReservationAccepted(r.Mac, r.Address, r.Name, Changed: true),
                Unreserve { Mac: var m } when m == Xen1.Mac => new Unreserved(m, IPAddress.Parse("192.168.0.50")),
                Unreserve { Mac: var m } when m == MacAddress.Parse("aa:cc:00:00:00:09") =>
                    new ReservationRefused("aa:cc:00:00:00:09 is reserved in the configuration (dhcp.reservations.0); remove it there"),
                Unreserve u => new Unreserved(u.Mac, null),
                GetPoolStatus => new PoolStatus(251, 247, 2, 1, 1, new Dictionary<NoAnswerReason, long> { [NoAnswerReason.PoolExhausted] = 3 }),
                _ => new Status.Failure(new InvalidOperationException($"unexpected {message}")),
            });
            return AutoPilot.KeepRunning;
        }));
        var registry = new ActorRegistry();
        registry.Register<LeasePool>(pool.Ref);
        return new LeasePalette(new RequiredActor<LeasePool>(registry), Settings);
    }
}
