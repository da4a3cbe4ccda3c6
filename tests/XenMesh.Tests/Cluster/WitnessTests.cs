using Akka.Cluster;
using XenMesh.Cluster.Bootstrap;
using XenMesh.Tests.Hosting;

namespace XenMesh.Tests.Cluster;

/// <summary>
/// <c>xenmesh agent --witness</c>, the real executable, joining a dom0 member in this process: it comes up
/// with role <c>witness</c> and serves the <c>cluster</c> palette, without bridge, DHCP or journal; downed,
/// it keeps running, restarts its mesh and is up again as a new incarnation.
/// </summary>
public sealed class WitnessTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("xenmesh-witness-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_witness_joins_the_dom0s_answers_cluster_show_and_rejoins_when_downed()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var kubikal = await MeshNode.StartAsync("kubikal", "192.168.0.0/24", [], ct);
        await kubikal.AwaitUpAsync(1, ct);
        var (remotePort, commandPort) = (WitnessAgent.FreePort(), WitnessAgent.FreePort());
        var config = Path.Combine(_directory, "witness.json");
        await File.WriteAllTextAsync(config, $$"""
            { "host": { "id": "witness1", "stateDirectory": "{{Path.Combine(_directory, "state")}}" },
              "commandHost": { "port": {{commandPort}} },
              "cluster": { "hostname": "127.0.0.1", "port": {{remotePort}}, "seeds": ["{{kubikal.Endpoint.Host}}:{{kubikal.Endpoint.Port}}"] } }
            """, ct);

        using var witness = WitnessProcess.Start(config);
        try
        {
            await kubikal.AwaitUpAsync(2, ct);
            Assert.Contains(kubikal.Cluster.State.Members, m => m.Roles.SetEquals([MeshRoles.Witness]) && m.Address.Port == remotePort);

            await AwaitShowingBothUpAsync(commandPort, remotePort, ct);
            Assert.False(Directory.Exists(Path.Combine(_directory, "state")), "a witness keeps no journal");

            var downed = kubikal.Cluster.State.Members.Single(m => m.Address.Port == remotePort).UniqueAddress;
            kubikal.Cluster.Down(downed.Address);
            await Eventually.HoldsAsync(
                () =>
                {
                    Assert.False(witness.HasExited, "the downed witness exited");
                    var member = kubikal.Cluster.State.Members.SingleOrDefault(m => m.Address.Port == remotePort);
                    return Task.FromResult((member is { Status: MemberStatus.Up } && member.UniqueAddress.Uid != downed.Uid, $"{member}"));
                },
                TimeSpan.FromSeconds(90),
                "the downed witness up again as a new incarnation",
                ct);
            await AwaitShowingBothUpAsync(commandPort, remotePort, ct);
        }
        finally
        {
            if (!witness.HasExited)
                witness.Kill();
            TestContext.Current.TestOutputHelper?.WriteLine(witness.Output);
        }
    }

    /// <summary>The witness learns it is up from gossip, a moment after the leader marked it.</summary>
    private static Task AwaitShowingBothUpAsync(int commandPort, int remotePort, CancellationToken ct)
    {
        var expected = $"akka.tcp://xenmesh@127.0.0.1:{remotePort} | [witness] | up | reachable";
        return Eventually.HoldsAsync(
            async () =>
            {
                var (exitCode, stdout, stderr) = await XenMeshProcess.RunAsync(ct, $"127.0.0.1:{commandPort}", "cluster", "show");
                var lines = stdout.Trim().Split('\n');
                return (exitCode == 0 && lines.Length == 3 && lines.Contains(expected) && lines[2] == "Count: 2 nodes", $"exit {exitCode}: {stdout}{stderr}");
            },
            TimeSpan.FromSeconds(60),
            "the witness's cluster show listing both members up",
            ct);
    }
}
