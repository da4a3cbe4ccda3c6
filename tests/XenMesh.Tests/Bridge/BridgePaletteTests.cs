using System.Net;
using Akka.Actor;
using Akka.Hosting;
using Akka.TestKit;
using XenMesh.Node.Bridge;
using XenMesh.Node.Commands;
using XenMesh.Node.Commands.Server;
using XenMesh.Node.Configuration;
using static XenMesh.Node.Bridge.BridgeProtocol;

namespace XenMesh.Tests.Bridge;

public sealed class BridgePaletteTests : Akka.TestKit.Xunit.TestKit
{
    private static readonly BridgeStatus Status = new(
        "br0",
        "192.168.0.254/24",
        "up",
        ["192.168.0.254/24", "10.9.9.1/24"],
        false,
        [new BridgePortStatus("vif1.0", "forwarding", "fe:ff:ff:ff:ff:ff", false), new BridgePortStatus("vif2.0", "disabled", "fe:ff:ff:ff:ff:fe", false)],
        new DateTimeOffset(2025, 6, 1, 12, 30, 0, TimeSpan.Zero),
        null);

    private static readonly XenMeshSettings Settings = new() { Host = new HostSettings { Id = "kubikal" } };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Show_prints_key_value_lines_then_the_ports_and_a_count()
    {
        var output = new CollectingOutput();

        await PaletteAnswering(Status).ExecuteAsync(Show(), output, Ct);

        Assert.Equal(
            [
                "host: kubikal",
                "name: br0",
                "address: 192.168.0.254/24, 10.9.9.1/24",
                "state: up",
                "tx-checksumming: off",
                "physical ports: none",
                "checked: 2025-06-01 12:30:00 UTC",
                "vif1.0 | forwarding | fe:ff:ff:ff:ff:ff",
                "vif2.0 | disabled | fe:ff:ff:ff:ff:fe",
                "Count: 2 ports",
            ],
            output.Lines);
    }

    [Fact]
    public async Task Show_flags_physical_ports_problems_and_a_missing_address()
    {
        var broken = Status with
        {
            State = "down",
            Addresses = [],
            TxChecksumming = null,
            Ports = [new BridgePortStatus("eth1", "forwarding", "00:1b:21:aa:bb:cc", true)],
            Problem = "ethtool -K br0 tx off exited with 1: Could not change any device features",
        };
        var output = new CollectingOutput();

        await PaletteAnswering(broken).ExecuteAsync(Show(), output, Ct);

        Assert.Equal(
            [
                "host: kubikal",
                "name: br0",
                "address: none (configured 192.168.0.254/24)",
                "state: down",
                "tx-checksumming: unknown",
                "physical ports: eth1",
                "checked: 2025-06-01 12:30:00 UTC",
                "problem: ethtool -K br0 tx off exited with 1: Could not change any device features",
                "eth1 | forwarding | 00:1b:21:aa:bb:cc | physical",
                "Count: 1 port",
            ],
            output.Lines);
    }

    [Fact]
    public async Task Show_as_json_writes_one_record()
    {
        var output = new CollectingOutput();

        await PaletteAnswering(Status).ExecuteAsync(Show(json: true), output, Ct);

        Assert.Empty(output.Lines);
        var record = Assert.IsType<BridgeShowRecord>(Assert.Single(output.Records));
        Assert.Equal(("kubikal", "br0", "up", false), (record.Host, record.Name, record.State, record.TxChecksumming));
        Assert.Empty(record.PhysicalPorts);
        Assert.Equal(Status.Ports, record.Ports);
    }

    [Fact]
    public async Task Show_for_this_host_by_id_works()
    {
        var output = new CollectingOutput();

        await PaletteAnswering(Status).ExecuteAsync(Show(host: "kubikal"), output, Ct);

        Assert.Equal("Count: 2 ports", output.Lines[^1]);
    }

    [Fact]
    public async Task Show_for_another_host_fails_with_a_reason()
    {
        var e = await Assert.ThrowsAsync<CommandFailedException>(() => PaletteAnswering(Status).ExecuteAsync(Show(host: "rack2"), new CollectingOutput(), Ct));

        Assert.Equal("host 'rack2' is not this node ('kubikal'); other hosts cannot be queried from here yet", e.Message);
    }

    [Fact]
    public void The_definition_declares_show_with_an_optional_host_switch()
    {
        var definition = new BridgePalette(new RequiredActor<BridgeActor>(new ActorRegistry()), Settings).Definition;

        var show = Assert.Single(definition.Commands);
        Assert.Equal(("bridge", "show"), (definition.Name, show.Name));
        var host = Assert.Single(show.Arguments);
        Assert.Equal(("host", false), (host.Name, host.IsMandatory));
        Assert.Equal(["-H"], host.Switches);
    }

    [Fact]
    public void The_definition_passes_the_command_host_rules()
    {
        var definition = new BridgePalette(new RequiredActor<BridgeActor>(new ActorRegistry()), Settings).Definition;

        Assert.Empty(PaletteDefinitionRules.Check([definition]));
    }

    private BridgePalette PaletteAnswering(BridgeStatus status)
    {
        var bridge = CreateTestProbe();
        bridge.SetAutoPilot(new DelegateAutoPilot((sender, message) =>
        {
            if (message is GetStatus)
                sender.Tell(status);
            return AutoPilot.KeepRunning;
        }));
        var registry = new ActorRegistry();
        registry.Register<BridgeActor>(bridge.Ref);
        return new BridgePalette(new RequiredActor<BridgeActor>(registry), Settings);
    }

    private static CommandInvocation Show(bool json = false, string? host = null) => new(
        "bridge",
        "show",
        host is null ? new Dictionary<string, IReadOnlyList<string?>>() : new Dictionary<string, IReadOnlyList<string?>> { ["host"] = [host] },
        json,
        new IPEndPoint(IPAddress.Loopback, 50000));
}
