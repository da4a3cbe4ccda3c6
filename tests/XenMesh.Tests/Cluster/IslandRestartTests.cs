using System.Diagnostics;
using XenMesh.Tests.Hosting;

namespace XenMesh.Tests.Cluster;

/// <summary>
/// The case the island detector is for, with real processes: the first seed is killed (SIGKILL) and started
/// again by its supervisor while the other members are paused (SIGSTOP: hosts so loaded that their InitJoinAck
/// comes after <c>seed-node-timeout</c>), so the new process joins itself; once the others run again, its
/// island merges into their cluster, which still listed its old incarnation.
/// </summary>
public sealed class IslandRestartTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    private readonly string _directory = Directory.CreateTempSubdirectory("xenmesh-island-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_first_seed_restarted_while_the_others_answer_too_late_merges_its_island_into_their_cluster()
    {
        var ct = TestContext.Current.CancellationToken;
        var ports = Enumerable.Range(0, 3).Select(_ => (Remote: WitnessAgent.FreePort(), Command: WitnessAgent.FreePort())).ToArray();
        var configs = new string[ports.Length];
        for (var i = 0; i < ports.Length; i++)
        {
            configs[i] = Path.Combine(_directory, $"witness{i}.json");
            await File.WriteAllTextAsync(configs[i], $$"""
                { "host": { "id": "witness{{i}}", "stateDirectory": "{{Path.Combine(_directory, $"state{i}")}}" },
                  "commandHost": { "port": {{ports[i].Command}} },
                  "cluster": { "hostname": "127.0.0.1", "port": {{ports[i].Remote}}, "stableAfter": "00:00:03",
                               "seeds": [{{string.Join(", ", ports.Select(p => $"\"127.0.0.1:{p.Remote}\""))}}] } }
                """, ct);
        }

        var processes = new List<WitnessProcess>();
        try
        {
            processes.Add(WitnessProcess.Start(configs[0]));
            await AwaitMembersUpAsync(ports[0].Command, 1, ct);
            processes.Add(WitnessProcess.Start(configs[1]));
            processes.Add(WitnessProcess.Start(configs[2]));
            await AwaitMembersUpAsync(ports[1].Command, 3, ct);
            var (second, third) = (processes[1], processes[2]);

            processes[0].Kill();
            await second.SignalAsync("STOP", ct);
            await third.SignalAsync("STOP", ct);
            var restarted = WitnessProcess.Start(configs[0]);
            processes.Add(restarted);
            await AwaitMembersUpAsync(ports[0].Command, 1, ct);
            Assert.Contains("is JOINING itself", restarted.Output, StringComparison.Ordinal);

            var resumed = Stopwatch.StartNew();
            await second.SignalAsync("CONT", ct);
            await third.SignalAsync("CONT", ct);
            await AwaitMembersUpAsync(ports[1].Command, 3, ct);
            await AwaitMembersUpAsync(ports[0].Command, 3, ct);
            Assert.Contains("Island detected: this member", restarted.Output, StringComparison.Ordinal);
            Assert.Contains("Island merged", second.Output + third.Output, StringComparison.Ordinal);
            Assert.All(processes.Skip(1), p => Assert.False(p.HasExited, "a witness exited"));
            TestContext.Current.TestOutputHelper?.WriteLine($"the others resumed to one cluster of three: {resumed.Elapsed.TotalSeconds:F1} s");
        }
        finally
        {
            foreach (var process in processes)
            {
                if (!process.HasExited)
                    await process.SignalAsync("CONT", CancellationToken.None);
                process.Dispose();
                TestContext.Current.TestOutputHelper?.WriteLine(process.Output);
            }
        }
    }

    /// <summary>Waits until the agent on <paramref name="commandPort"/> lists <paramref name="count"/> members, each up and reachable.</summary>
    private static Task AwaitMembersUpAsync(int commandPort, int count, CancellationToken ct) =>
        Eventually.HoldsAsync(
            async () =>
            {
                var (exitCode, stdout, stderr) = await XenMeshProcess.RunAsync(ct, $"127.0.0.1:{commandPort}", "cluster", "show");
                var lines = stdout.Trim().Split('\n');
                var members = lines[..^1];
                return (exitCode == 0 && members.Length == count && members.All(l => l.EndsWith("| up | reachable", StringComparison.Ordinal)), $"exit {exitCode}: {stdout}{stderr}");
            },
            Timeout,
            $"the agent on command port {commandPort} listing {count} members up and reachable",
            ct);
}
