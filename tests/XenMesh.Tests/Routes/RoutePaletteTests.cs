using System.Net;
using Akka.Actor;
using Akka.Hosting;
using XenMesh.Node.Commands;
using XenMesh.Node.Commands.Server;
using XenMesh.Node.Configuration;
using XenMesh.Node.Rip;
using XenMesh.Node.Rip.Speaker;
using XenMesh.Node.Routes;
using XenMesh.Tests.Bridge;
using XenMesh.Tests.Rip.Speaker;
using static XenMesh.Node.Rip.Speaker.RipSpeakerProtocol;

namespace XenMesh.Tests.Routes;

public sealed class RoutePaletteTests : Akka.TestKit.Xunit.TestKit, IDisposable
{
    private static readonly XenMeshSettings Settings = new() { Host = { Id = "kubikal" }, Lan = { Address = "192.168.11.100", Gateway = "192.168.11.254" } };

    private readonly ActorRegistry _registry = new();
    private readonly UdpListener _gateway = new();
    private readonly RipSpeakerCounters _counters = new();
    private readonly RipSpeakerSet _speakers = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void The_palette_definition_follows_pbm_naming() =>
        Assert.Empty(PaletteDefinitionRules.Check([Palette().Definition]));

    [Fact]
    public async Task Export_prints_the_table_in_the_asked_format()
    {
        var output = await RunAsync("export", false, ("format", "linux"));

        Assert.Equal(["ip route replace 192.168.0.0/24 via 192.168.11.100"], output.Lines);
    }

    [Fact]
    public async Task Export_refuses_an_unknown_format()
    {
        var error = await Assert.ThrowsAsync<CommandFailedException>(() => RunAsync("export", false, ("format", "cisco")));

        Assert.Equal("-f 'cisco' is not one of: linux, openwrt, routeros, bird, json", error.Message);
    }

    [Fact]
    public async Task Show_without_rip_says_the_route_is_only_exported()
    {
        var output = await RunAsync("show");

        Assert.Equal(["192.168.0.0/24 | via 192.168.11.100 | kubikal | 192.168.11.254 | static only (rip disabled)", "Count: 1 routes"], output.Lines);
    }

    [Fact]
    public async Task Show_with_the_speaker_gives_each_routes_metric_and_last_update()
    {
        var speaker = Sys.ActorOf(RipSpeakerActor.Props(new RipSpeakerOptions("lo", _gateway.EndPoint, TimeSpan.FromMinutes(1), "kubikal", null, UdpListener.FreePort()), _counters));
        _registry.Register<RipSpeaker>(speaker);
        _speakers.Add("192.168.11.254", speaker);
        speaker.Tell(new SetRoutes(LocalRouteTable.From(Settings)));
        await _gateway.ReceiveAsync(TimeSpan.FromSeconds(10), Ct);

        var output = await RunAsync("show", json: true);

        var row = Assert.IsType<RouteShowJson>(Assert.Single(output.Records));
        Assert.Equal(("192.168.0.0/24", "192.168.11.100", "kubikal", 2), (row.Subnet, row.NextHop, row.Host, row.Metric));
        Assert.Equal($"192.168.11.254 (rip to {_gateway.EndPoint.Address} on lo)", row.Gateway);
        Assert.StartsWith("announced (metric 2), sent ", row.State, StringComparison.Ordinal);
        Assert.NotNull(row.LastSent);
    }

    [Fact]
    public async Task Stats_without_rip_fails_with_the_reason()
    {
        var error = await Assert.ThrowsAsync<CommandFailedException>(() => RunAsync("stats"));

        Assert.Equal("the RIP speaker is not running (rip.enabled is false)", error.Message);
    }

    [Fact]
    public async Task Stats_prints_the_speakers_counters()
    {
        var speaker = Sys.ActorOf(RipSpeakerActor.Props(new RipSpeakerOptions("lo", _gateway.EndPoint, TimeSpan.FromMinutes(1), "kubikal", null, UdpListener.FreePort()), _counters));
        _registry.Register<RipSpeaker>(speaker);
        speaker.Tell(new SetRoutes(LocalRouteTable.From(Settings)));
        await _gateway.ReceiveAsync(TimeSpan.FromSeconds(10), Ct);

        var output = await RunAsync("stats");

        Assert.Equal(["sent: regular 1", "received: 0", "dropped: none", "send failures: 0"], output.Lines);
    }

    public new void Dispose()
    {
        _gateway.Dispose();
        _counters.Dispose();
        base.Dispose();
    }

    private RoutePalette Palette() => new(new LocalRouteTableSource(Settings), _registry, _speakers, Settings);

    private async Task<CollectingOutput> RunAsync(string command, bool json = false, params (string Name, string Value)[] arguments)
    {
        var output = new CollectingOutput();
        var invocation = new CommandInvocation(
            "route", command, arguments.ToDictionary(a => a.Name, a => (IReadOnlyList<string?>)[a.Value]), json, new IPEndPoint(IPAddress.Loopback, 50000));
        await Palette().ExecuteAsync(invocation, output, Ct);
        return output;
    }
}
