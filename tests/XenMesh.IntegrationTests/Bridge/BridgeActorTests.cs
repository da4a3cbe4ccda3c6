using System.Net;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using XenMesh.IntegrationTests.TestHost;
using XenMesh.Messages.Values;
using XenMesh.Node.Bridge;
using XenMesh.Node.Commands;
using XenMesh.Node.Linux;
using static XenMesh.Node.Bridge.BridgeProtocol;

namespace XenMesh.IntegrationTests.Bridge;

/// <summary>
/// The BridgeActor (<see cref="BridgeActorTestKit"/>) running its programs inside a throw-away
/// network namespace, checked against what the kernel reports.
/// </summary>
public sealed class BridgeActorTests : BridgeActorTestKit
{
    private const string Bridge = "br0";
    private const string AddressText = "192.168.77.254/24";
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    private readonly NetworkNamespace _namespace;
    private readonly List<NetworkNamespace> _peers = [];
    private readonly LinkAdapter _readBack;

    public BridgeActorTests(ITestOutputHelper output)
        : base(nameof(BridgeActorTests), "dom0", AddressText, output)
    {
        // The namespace must exist before the host starts the actor, and a constructor cannot await.
        _namespace = Task.Run(async () =>
        {
            await NetworkNamespace.RemoveLeftoversAsync(Prefix, CancellationToken.None);
            return await NetworkNamespace.CreateAsync(NamespaceName, CancellationToken.None);
        }).GetAwaiter().GetResult();
        _readBack = new LinkAdapter(Runner);
    }

    private static Ipv4Interface Address => Ipv4Interface.TryParse(AddressText, out var value, out _) ? value : throw new FormatException();

    [Fact]
    public async Task On_start_it_creates_the_bridge_with_its_address_up_and_tx_offload_off()
    {
        await AwaitDesiredStateAsync();
    }

    [Fact]
    public async Task A_deleted_address_is_added_back()
    {
        await AwaitDesiredStateAsync();

        await _namespace.IpAsync(Ct, "addr", "del", AddressText, "dev", Bridge);

        await AwaitDesiredStateAsync();
    }

    [Fact]
    public async Task A_bridge_set_down_is_set_up_again()
    {
        await AwaitDesiredStateAsync();

        await _namespace.IpAsync(Ct, "link", "set", "dev", Bridge, "down");

        await AwaitDesiredStateAsync();
    }

    [Fact]
    public async Task Tx_offload_turned_back_on_is_turned_off()
    {
        await AwaitDesiredStateAsync();

        await EthtoolAsync("-K", Bridge, "tx", "on");

        await AwaitDesiredStateAsync();
    }

    [Fact]
    public async Task A_deleted_bridge_is_recreated()
    {
        await AwaitDesiredStateAsync();
        var before = await _readBack.GetLinkAsync(Bridge, Ct);

        await _namespace.IpAsync(Ct, "link", "del", "dev", Bridge);

        await AwaitDesiredStateAsync();
        Assert.NotEqual(before?.Index, (await _readBack.GetLinkAsync(Bridge, Ct))?.Index);
    }

    [Fact]
    public async Task A_veth_port_whose_peer_is_in_another_namespace_is_not_physical_and_stays_attached()
    {
        await AwaitDesiredStateAsync();
        var peer = await CreatePeerNamespaceAsync();
        await _namespace.IpAsync(Ct, "link", "add", "vif9.0", "type", "veth", "peer", "name", "eth0", "netns", peer.Name);

        await _readBack.AttachToBridgeAsync("vif9.0", Bridge, 1400, Ct);
        await CheckNowAsync();
        var status = await CheckNowAsync();

        var port = Assert.Single(status.Ports);
        Assert.Equal(("vif9.0", false), (port.Name, port.Physical));
        Assert.Empty(status.PhysicalPorts);
        var vif = await _readBack.GetLinkAsync("vif9.0", Ct);
        Assert.Equal((Bridge, 1400, true), (vif?.Master, vif?.Mtu, vif?.AdminUp));
    }

    [Fact]
    public async Task Detaching_a_port_reports_detached_then_absent_once_the_device_is_gone()
    {
        await AwaitDesiredStateAsync();
        var peer = await CreatePeerNamespaceAsync();
        await _namespace.IpAsync(Ct, "link", "add", "vif8.0", "type", "veth", "peer", "name", "eth0", "netns", peer.Name);
        await _readBack.AttachToBridgeAsync("vif8.0", Bridge, null, Ct);

        Assert.Equal(DetachResult.Detached, await _readBack.DetachFromBridgeAsync("vif8.0", Ct));
        Assert.Null((await _readBack.GetLinkAsync("vif8.0", Ct))?.Master);

        await _namespace.IpAsync(Ct, "link", "del", "dev", "vif8.0");
        Assert.Equal(DetachResult.Absent, await _readBack.DetachFromBridgeAsync("vif8.0", Ct));
    }

    [Fact]
    public async Task A_device_of_another_kind_with_the_bridge_name_is_reported_and_left_alone_until_it_is_gone()
    {
        await AwaitDesiredStateAsync();

        // One ip process for both steps, so no check sees the gap and creates the bridge in between.
        var batch = Path.Combine(Path.GetTempPath(), $"{_namespace.Name}.ip");
        await File.WriteAllTextAsync(batch, $"link del dev {Bridge}\nlink add {Bridge} type veth peer name {Bridge}p\n", Ct);
        try
        {
            await _namespace.IpAsync(Ct, "-b", batch);
        }
        finally
        {
            File.Delete(batch);
        }

        await AwaitAssertAsync(
            async () =>
            {
                var status = await CheckNowAsync();
                Assert.Equal("not-a-bridge", status.State);
                Assert.Equal($"{Bridge} exists but is a veth, not a bridge; it is left untouched", status.Problem);
            },
            Deadline,
            Poll,
            Ct);
        Assert.Equal("veth", (await _readBack.GetLinkAsync(Bridge, Ct))?.Kind);

        await _namespace.IpAsync(Ct, "link", "del", "dev", Bridge);

        await AwaitDesiredStateAsync();
    }

    [Fact]
    public async Task Bridge_show_prints_the_state_the_actor_found()
    {
        await AwaitDesiredStateAsync();
        var palette = Host.Services.GetServices<ICommandPalette>().OfType<BridgePalette>().Single();
        var output = new LineCollector();

        await palette.ExecuteAsync(new CommandInvocation("bridge", "show", new Dictionary<string, IReadOnlyList<string?>>(), false, new IPEndPoint(IPAddress.Loopback, 1)), output, Ct);

        Assert.Equal(
            ["host: itest", "name: br0", $"address: {AddressText}", "state: up", "tx-checksumming: off", "physical ports: none"],
            output.Lines.Take(6));
        Assert.Equal("Count: 0 ports", output.Lines[^1]);
    }

    protected override async Task RemoveNamespacesAsync()
    {
        foreach (var peer in _peers)
            await peer.DisposeAsync();
        await _namespace.DisposeAsync();
    }

    private async Task<NetworkNamespace> CreatePeerNamespaceAsync()
    {
        var peer = await NetworkNamespace.CreateAsync($"{Prefix}-guest{_peers.Count}", Ct);
        _peers.Add(peer);
        return peer;
    }

    private async Task<string> EthtoolAsync(params string[] arguments) =>
        Programs.EnsureSucceeded(await Runner.RunAsync("ethtool", arguments, Ct)).StandardOutput;

    private async Task<BridgeStatus> CheckNowAsync()
    {
        var bridge = await ActorRegistry.GetAsync<BridgeActor>(Ct);
        return await bridge.Ask<BridgeStatus>(CheckNow.Instance, Deadline, Ct);
    }

    // Read back independently of the actor: the link, its addresses, and ethtool's own words.
    private Task AwaitDesiredStateAsync() => AwaitAssertAsync(
        async () =>
        {
            var link = await _readBack.GetLinkAsync(Bridge, Ct);
            Assert.Equal(("bridge", true), (link?.Kind, link?.AdminUp));
            Assert.Contains(Address, await _readBack.GetIpv4AddressesAsync(Bridge, Ct));
            Assert.Contains("tx-checksumming: off", await EthtoolAsync("-k", Bridge), StringComparison.Ordinal);
        },
        Deadline,
        Poll,
        Ct);

    private sealed class LineCollector : ICommandOutput
    {
        public List<string> Lines { get; } = [];

        public ValueTask WriteLineAsync(string text, CancellationToken ct)
        {
            Lines.Add(text);
            return ValueTask.CompletedTask;
        }

        public ValueTask WriteRecordAsync<T>(T record, CancellationToken ct) =>
            throw new InvalidOperationException("text output was asked for");
    }
}
