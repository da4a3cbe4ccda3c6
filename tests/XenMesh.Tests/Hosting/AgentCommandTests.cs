namespace XenMesh.Tests.Hosting;

public sealed class AgentCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("xenmesh-agent-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task An_invalid_config_exits_2_naming_every_key_before_anything_starts()
    {
        var state = Path.Combine(_directory, "state");
        var config = Path.Combine(_directory, "bad.json");
        await File.WriteAllTextAsync(config, $$"""
            { "host": { "stateDirectory": "{{state}}" },
              "bridge": { "name": "vif1.0;reboot", "adress": "x" },
              "dhcp": { "rangeStart": "10.1.1.1" } }
            """, TestContext.Current.CancellationToken);

        var (exitCode, stdout, stderr) = await XenMeshProcess.RunAsync(TestContext.Current.CancellationToken, "agent", "--config", config);

        Assert.Equal(2, exitCode);
        Assert.Empty(stdout);
        Assert.Contains("bridge.adress: unknown key", stderr, StringComparison.Ordinal);
        Assert.Contains("bridge.name: 'vif1.0;reboot' is not an interface name", stderr, StringComparison.Ordinal);
        Assert.Contains("dhcp.rangeStart: '10.1.1.1' is outside the bridge subnet 192.168.0.0/24", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(state), "nothing may be created before the config is valid");
    }

    [Fact]
    public async Task A_missing_config_file_exits_2()
    {
        var (exitCode, _, stderr) = await XenMeshProcess.RunAsync(TestContext.Current.CancellationToken, "agent", "--config", Path.Combine(_directory, "absent.json"));

        Assert.Equal(2, exitCode);
        Assert.Contains("does not exist", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("agent")]
    [InlineData("agent", "--config")]
    [InlineData("agent", "--conf", "x.json")]
    [InlineData("agent", "--witness", "--witness", "--config", "x.json")]
    [InlineData("agent", "--config", "x.json", "--witnes")]
    public async Task Agent_usage_errors_exit_2(params string[] arguments)
    {
        var (exitCode, _, stderr) = await XenMeshProcess.RunAsync(TestContext.Current.CancellationToken, arguments);

        Assert.Equal(2, exitCode);
        Assert.Contains("usage: xenmesh agent [--witness] --config FILE", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_witness_without_seeds_exits_2_before_anything_starts()
    {
        var state = Path.Combine(_directory, "state");
        var config = Path.Combine(_directory, "witness.json");
        await File.WriteAllTextAsync(config, $$"""{ "host": { "id": "witness1", "stateDirectory": "{{state}}" }, "cluster": { "hostname": "127.0.0.1" } }""", TestContext.Current.CancellationToken);

        var (exitCode, _, stderr) = await XenMeshProcess.RunAsync(TestContext.Current.CancellationToken, "agent", "--witness", "--config", config);

        Assert.Equal(2, exitCode);
        Assert.Contains("cluster.seeds: a witness needs a cluster section with the dom0s' seeds", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(state));
    }

    [Fact]
    public async Task Version_and_help_answer_without_a_node()
    {
        var version = await XenMeshProcess.RunAsync(TestContext.Current.CancellationToken, "--version");
        var help = await XenMeshProcess.RunAsync(TestContext.Current.CancellationToken, "--help");

        Assert.Equal(0, version.ExitCode);
        Assert.Matches(@"^xenmesh \d+\.\d+\.\d+\n$", version.Stdout);
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("xenmesh agent --config FILE", help.Stdout, StringComparison.Ordinal);
        Assert.Contains("xenmesh demo up|status|down", help.Stdout, StringComparison.Ordinal);
    }
}
