using XenMesh.Messages.Values;
using XenMesh.Node.Linux;

namespace XenMesh.Tests.Linux;

public sealed class LinkAdapterTests
{
    private static readonly Ipv4Interface BridgeAddress = Parse("192.168.0.254/24");

    private readonly RecordingProcessRunner _runner = new();
    private readonly LinkAdapter _adapter;

    public LinkAdapterTests() => _adapter = new LinkAdapter(_runner);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CreateBridge_runs_ip_link_add_type_bridge()
    {
        await _adapter.CreateBridgeAsync("br0", Ct);

        Assert.Equal([["ip", "link", "add", "name", "br0", "type", "bridge"]], _runner.Calls);
    }

    [Fact]
    public async Task AddAddress_and_DeleteAddress_pass_the_address_with_its_prefix()
    {
        await _adapter.AddAddressAsync("br0", BridgeAddress, Ct);
        await _adapter.DeleteAddressAsync("br0", Parse("192.168.0.254/16"), Ct);

        Assert.Equal(
            [
                ["ip", "addr", "add", "192.168.0.254/24", "dev", "br0"],
                ["ip", "addr", "del", "192.168.0.254/16", "dev", "br0"],
            ],
            _runner.Calls);
    }

    [Fact]
    public async Task SetUp_and_DeleteLink_name_the_device_after_dev()
    {
        await _adapter.SetUpAsync("br0", Ct);
        await _adapter.DeleteLinkAsync("br0", Ct);

        Assert.Equal([["ip", "link", "set", "dev", "br0", "up"], ["ip", "link", "del", "dev", "br0"]], _runner.Calls);
    }

    [Theory]
    [InlineData(false, "off")]
    [InlineData(true, "on")]
    public async Task SetTxChecksumming_runs_ethtool_K(bool enabled, string word)
    {
        await _adapter.SetTxChecksummingAsync("br0", enabled, Ct);

        Assert.Equal([["ethtool", "-K", "br0", "tx", word]], _runner.Calls);
    }

    [Fact]
    public async Task GetFeatures_runs_ethtool_k_and_parses_tx_checksumming()
    {
        _runner.Reply(stdout: TestData.Read("ethtool-k-tx-on.txt"));

        var features = await _adapter.GetFeaturesAsync("br0", Ct);

        Assert.Equal([["ethtool", "-k", "br0"]], _runner.Calls);
        Assert.True(features.TxChecksumming);
    }

    [Fact]
    public async Task ListLinks_runs_ip_json_details_and_parses_every_link()
    {
        _runner.Reply(stdout: TestData.Read("ip-link-bridge-with-ports.json"));

        var links = await _adapter.ListLinksAsync(Ct);

        Assert.Equal([["ip", "-j", "-d", "link", "show"]], _runner.Calls);
        Assert.Equal(["lo", "br0", "vif1.0", "vif2.0p", "vif2.0"], links.Select(l => l.Name));
    }

    [Fact]
    public async Task GetLink_finds_a_link_by_exact_name_or_returns_null()
    {
        _runner.Reply(stdout: TestData.Read("ip-link-bridge-with-ports.json"))
            .Reply(stdout: TestData.Read("ip-link-bridge-with-ports.json"));

        var vif = await _adapter.GetLinkAsync("vif2.0", Ct);
        var missing = await _adapter.GetLinkAsync("vif9.0", Ct);

        Assert.Equal(5, vif?.Index);
        Assert.Null(missing);
    }

    [Fact]
    public async Task GetIpv4Addresses_runs_ip_json_addr_show_dev()
    {
        _runner.Reply(stdout: TestData.Read("ip-addr-br0.json"));

        var addresses = await _adapter.GetIpv4AddressesAsync("br0", Ct);

        Assert.Equal([["ip", "-j", "addr", "show", "dev", "br0"]], _runner.Calls);
        Assert.Equal([BridgeAddress, Parse("10.9.9.1/24")], addresses);
    }

    [Fact]
    public async Task ListBridgePorts_runs_bridge_json_link_and_keeps_the_ports_of_that_bridge()
    {
        _runner.Reply(stdout: TestData.Read("bridge-link.json")).Reply(stdout: TestData.Read("bridge-link.json"));

        var ports = await _adapter.ListBridgePortsAsync("br0", Ct);
        var none = await _adapter.ListBridgePortsAsync("br1", Ct);

        Assert.Equal(["bridge", "-j", "link"], _runner.Calls[0]);
        Assert.Equal(["vif1.0", "vif2.0"], ports.Select(p => p.Name));
        Assert.Empty(none);
    }

    [Fact]
    public async Task ListLearnedAddresses_runs_bridge_json_fdb_show_for_that_bridge()
    {
        _runner.Reply(stdout: TestData.Read("bridge-fdb.json"));

        var learned = await _adapter.ListLearnedAddressesAsync("br0", Ct);

        Assert.Equal(["bridge", "-j", "fdb", "show", "br", "br0"], _runner.Calls[0]);
        Assert.Equal(["vif5.0"], learned.Select(e => e.Port));
    }

    [Fact]
    public async Task AttachToBridge_sets_master_then_mtu_then_up()
    {
        await _adapter.AttachToBridgeAsync("vif5.0", "br0", 1400, Ct);

        Assert.Equal(
            [
                ["ip", "link", "set", "dev", "vif5.0", "master", "br0"],
                ["ip", "link", "set", "dev", "vif5.0", "mtu", "1400"],
                ["ip", "link", "set", "dev", "vif5.0", "up"],
            ],
            _runner.Calls);
    }

    [Fact]
    public async Task AttachToBridge_without_mtu_leaves_the_mtu_alone()
    {
        await _adapter.AttachToBridgeAsync("vif5.0", "br0", null, Ct);

        Assert.Equal(
            [
                ["ip", "link", "set", "dev", "vif5.0", "master", "br0"],
                ["ip", "link", "set", "dev", "vif5.0", "up"],
            ],
            _runner.Calls);
    }

    [Theory]
    [InlineData(67)]
    [InlineData(65536)]
    [InlineData(0)]
    public async Task AttachToBridge_refuses_an_mtu_out_of_range_and_runs_nothing(int mtu)
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _adapter.AttachToBridgeAsync("vif5.0", "br0", mtu, Ct));

        Assert.Empty(_runner.Calls);
    }

    [Fact]
    public async Task AttachToBridge_stops_at_the_first_failing_step()
    {
        _runner.Reply(exitCode: 2, stderr: "Error: argument \"br9\" is wrong: Device does not exist\n");

        var e = await Assert.ThrowsAsync<LinkCommandException>(() => _adapter.AttachToBridgeAsync("vif5.0", "br9", 1400, Ct));

        Assert.Single(_runner.Calls);
        Assert.Equal("ip link set dev vif5.0 master br9 exited with 2: Error: argument \"br9\" is wrong: Device does not exist", e.Message);
    }

    [Fact]
    public async Task DetachFromBridge_runs_nomaster()
    {
        var result = await _adapter.DetachFromBridgeAsync("vif5.0", Ct);

        Assert.Equal(DetachResult.Detached, result);
        Assert.Equal([["ip", "link", "set", "dev", "vif5.0", "nomaster"]], _runner.Calls);
    }

    [Fact]
    public async Task DetachFromBridge_of_a_missing_device_reports_it_absent()
    {
        _runner.Reply(exitCode: 1, stderr: "Cannot find device \"vif5.0\"\n")
            .Reply(stdout: TestData.Read("ip-link-bridge-with-ports.json"));

        var result = await _adapter.DetachFromBridgeAsync("vif5.0", Ct);

        Assert.Equal(DetachResult.Absent, result);
        Assert.Equal(["ip", "-j", "-d", "link", "show"], _runner.Calls[1]);
    }

    [Fact]
    public async Task DetachFromBridge_failing_on_an_existing_device_throws_with_command_and_stderr()
    {
        _runner.Reply(exitCode: 2, stderr: "RTNETLINK answers: Operation not permitted\n")
            .Reply(stdout: TestData.Read("ip-link-bridge-with-ports.json"));

        var e = await Assert.ThrowsAsync<LinkCommandException>(() => _adapter.DetachFromBridgeAsync("vif1.0", Ct));

        Assert.Equal("ip link set dev vif1.0 nomaster exited with 2: RTNETLINK answers: Operation not permitted", e.Message);
        Assert.Equal(2, e.Result?.ExitCode);
    }

    [Fact]
    public async Task A_failing_command_throws_with_its_command_line_and_stderr()
    {
        _runner.Reply(exitCode: 2, stderr: "RTNETLINK answers: File exists\n");

        var e = await Assert.ThrowsAsync<LinkCommandException>(() => _adapter.CreateBridgeAsync("br0", Ct));

        Assert.Equal("ip link add name br0 type bridge exited with 2: RTNETLINK answers: File exists", e.Message);
    }

    [Fact]
    public async Task Unreadable_json_is_a_command_failure_not_a_crash_elsewhere()
    {
        _runner.Reply(stdout: "[{\"ifindex\":");

        var e = await Assert.ThrowsAsync<LinkCommandException>(() => _adapter.ListLinksAsync(Ct));

        Assert.StartsWith("ip -j -d link show: unreadable output", e.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> BadNames()
    {
        string[] names = ["vif1.0;reboot", "-x", "vif1.0 x", "abcdefghijklmnop", "a/b", "a:b", "", "..", "vif1.0\n"];
        string[] operations = ["get", "addresses", "ports", "fdb", "features", "create", "add-address", "delete-address", "up", "delete", "tx", "attach", "attach-to", "detach"];
        var data = new TheoryData<string, string>();
        foreach (var name in names)
        {
            foreach (var operation in operations)
                data.Add(operation, name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(BadNames))]
    public async Task Every_operation_refuses_a_bad_name_and_runs_nothing(string operation, string name)
    {
        Task act() => operation switch
        {
            "get" => _adapter.GetLinkAsync(name, Ct),
            "addresses" => _adapter.GetIpv4AddressesAsync(name, Ct),
            "ports" => _adapter.ListBridgePortsAsync(name, Ct),
            "fdb" => _adapter.ListLearnedAddressesAsync(name, Ct),
            "features" => _adapter.GetFeaturesAsync(name, Ct),
            "create" => _adapter.CreateBridgeAsync(name, Ct),
            "add-address" => _adapter.AddAddressAsync(name, BridgeAddress, Ct),
            "delete-address" => _adapter.DeleteAddressAsync(name, BridgeAddress, Ct),
            "up" => _adapter.SetUpAsync(name, Ct),
            "delete" => _adapter.DeleteLinkAsync(name, Ct),
            "tx" => _adapter.SetTxChecksummingAsync(name, false, Ct),
            "attach" => _adapter.AttachToBridgeAsync(name, "br0", null, Ct),
            "attach-to" => _adapter.AttachToBridgeAsync("vif1.0", name, null, Ct),
            "detach" => _adapter.DetachFromBridgeAsync(name, Ct),
            _ => throw new ArgumentOutOfRangeException(nameof(operation)),
        };

        await Assert.ThrowsAsync<ArgumentException>(act);

        Assert.Empty(_runner.Calls);
    }

    private static Ipv4Interface Parse(string text) =>
        Ipv4Interface.TryParse(text, out var value, out var error) ? value : throw new FormatException(error);
}
