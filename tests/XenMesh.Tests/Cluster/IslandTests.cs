using System.Diagnostics;
using Akka.Cluster;

namespace XenMesh.Tests.Cluster;

/// <summary>
/// The island detector with the agent's own composition (in-process witnesses, each with its
/// <c>MeshIncarnations</c>): a first seed that formed a cluster of its own beside the others' cluster merges into
/// it, and a first seed that is alone because the others have not started yet keeps its cluster, which they join.
/// </summary>
public sealed class IslandTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_first_seed_that_formed_an_island_beside_the_others_cluster_merges_into_it()
    {
        var ct = TestContext.Current.CancellationToken;
        var (a, b, c) = (WitnessAgent.FreePort(), WitnessAgent.FreePort(), WitnessAgent.FreePort());
        var clock = Stopwatch.StartNew();

        // The first seed starts while no other seed answers: after seed-node-timeout it joins itself.
        await using var first = await WitnessAgent.StartAsync("first", a, [a, b, c], ct);
        await Eventually.HoldsAsync(
            () => Task.FromResult((first.Up.Count == 1 && first.Self?.Status == MemberStatus.Up, Describe(first))),
            Timeout, "the first seed up in a cluster of its own", ct);
        var island = first.Self!.UniqueAddress;
        var formed = clock.Elapsed;

        // The others form their own cluster, as they had while the first seed restarted.
        await using var second = await WitnessAgent.StartAsync("second", b, [b], ct);
        await using var third = await WitnessAgent.StartAsync("third", c, [b, c], ct);
        await Eventually.HoldsAsync(
            () => Task.FromResult((second.Up.Count >= 2, Describe(second))),
            Timeout, "second and third up together", ct);
        Assert.DoesNotContain(second.Up, m => m.Address.Port == a);
        var othersUp = clock.Elapsed;

        await Eventually.HoldsAsync(
            () => Task.FromResult((
                second.Up.Count == 3 && first.Up.Count == 3 && third.Up.Count == 3 && first.Self!.UniqueAddress.Uid != island.Uid,
                $"{Describe(first)} | {Describe(second)} | {Describe(third)}")),
            Timeout, "one cluster of all three, the first seed in it as a new incarnation", ct);
        Assert.Contains(second.Up, m => m.UniqueAddress.Equals(first.Self!.UniqueAddress));
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"island formed {formed.TotalSeconds:F1} s after start; others up {othersUp.TotalSeconds:F1} s; merged {(clock.Elapsed - othersUp).TotalSeconds:F1} s after the others were up");
    }

    [Fact]
    public async Task A_lone_first_seed_keeps_its_cluster_and_the_others_join_it()
    {
        var ct = TestContext.Current.CancellationToken;
        var (a, b, c, d) = (WitnessAgent.FreePort(), WitnessAgent.FreePort(), WitnessAgent.FreePort(), WitnessAgent.FreePort());
        var seeds = new[] { a, b, c, d };
        await using var notJoined = await SeedWithoutCluster.StartAsync(d, ct);
        var clock = Stopwatch.StartNew();

        await using var first = await WitnessAgent.StartAsync("first", a, seeds, ct);
        await Eventually.HoldsAsync(
            () => Task.FromResult((first.Self?.Status == MemberStatus.Up, Describe(first))),
            Timeout, "the lone first seed up", ct);
        var self = first.Self!.UniqueAddress;
        var formed = clock.Elapsed;

        // Its detector keeps asking the seeds outside its cluster; none is a member that could answer.
        await Eventually.HoldsAsync(
            () => Task.FromResult((notJoined.Probes.Count >= 2, $"{notJoined.Probes.Count} probes")),
            Timeout, "two probes from the lone first seed", ct);
        foreach (var probe in notJoined.Probes)
            Assert.Equal([(self.Address.ToString(), self.Uid)], probe.Members.Where(m => m.Counted).Select(m => (m.Address, m.Uid)));
        Assert.Equal(self, first.Self!.UniqueAddress);
        Assert.Single(first.Up);

        await using var second = await WitnessAgent.StartAsync("second", b, seeds, ct);
        await using var third = await WitnessAgent.StartAsync("third", c, seeds, ct);
        await Eventually.HoldsAsync(
            () => Task.FromResult((first.Up.Count == 3 && second.Up.Count == 3 && third.Up.Count == 3, $"{Describe(first)} | {Describe(second)} | {Describe(third)}")),
            Timeout, "the others joined the first seed's cluster", ct);
        Assert.Equal(self, first.Self!.UniqueAddress);

        // The joined members' detectors check too, with the whole cluster as their view, and nobody moves.
        await Eventually.HoldsAsync(
            () => Task.FromResult((notJoined.Probes.Count(p => p.Members.Count(m => m.Counted) == 3) >= 2, $"{notJoined.Probes.Count} probes")),
            Timeout, "two probes from members of the cluster of three", ct);
        Assert.Equal(self, first.Self!.UniqueAddress);
        Assert.Equal(3, first.Up.Count);
        Assert.Equal(3, second.Up.Count);
        Assert.Equal(3, third.Up.Count);
        TestContext.Current.TestOutputHelper?.WriteLine($"lone first seed up {formed.TotalSeconds:F1} s after start");
    }

    private static string Describe(WitnessAgent agent) =>
        agent.Mesh is null ? $"{agent.Port}: restarting" : $"{agent.Port}: {string.Join(", ", agent.Up.Select(m => $"{m.Address.Port}#{m.UniqueAddress.Uid}"))}";
}
