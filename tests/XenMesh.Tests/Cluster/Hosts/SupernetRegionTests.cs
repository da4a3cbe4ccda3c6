using Akka.Actor;
using Akka.Hosting;
using XenMesh.Cluster.Hosts;
using static XenMesh.Messages.Hosts.SupernetMessages;

namespace XenMesh.Tests.Cluster.Hosts;

/// <summary>The supernet registry as a real shard region between in-process members.</summary>
public sealed class SupernetRegionTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Through_the_region_and_the_serializer_a_lone_member_gets_the_lowest_24()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var node = await StartAsync("kubikal", "192.168.0.0/24", [], ct, serializeMessages: true);

        var answer = await AskAsync(node, "10.77.0.0/16", "kubikal", ct);

        Assert.Equal(new SubnetAssigned("10.77.0.0/16", "kubikal", "10.77.0.0/24", null), answer);
    }

    [Fact]
    public async Task Members_get_distinct_24s_around_registered_subnets_keep_them_and_the_supernet_runs_out()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var kubikal = await StartAsync("kubikal", "10.77.0.0/24", [], ct);
        await using var rack2 = await StartAsync("rack2", "192.168.1.0/24", [kubikal.Endpoint], ct);
        await using var rack3 = await StartAsync("rack3", "192.168.2.0/24", [kubikal.Endpoint], ct);
        foreach (var node in new[] { kubikal, rack2, rack3 })
        {
            await node.AwaitUpAsync(3, ct);
            await Eventually.HoldsAsync(() => Task.FromResult((node.Hosts.Current.Hosts.Count == 3, string.Join(", ", node.Hosts.Current.Hosts))), Timeout, $"{node.HostId} sees 3 hosts", ct);
        }

        // First come first served, each from another member; kubikal's registered 10.77.0.0/24 is skipped.
        Assert.Equal("10.77.1.0/24", (await AskAsync(rack2, "10.77.0.0/16", "new1", ct)).Subnet);
        Assert.Equal("10.77.2.0/24", (await AskAsync(rack3, "10.77.0.0/16", "new2", ct)).Subnet);
        Assert.Equal("10.77.3.0/24", (await AskAsync(kubikal, "10.77.0.0/16", "new3", ct)).Subnet);
        foreach (var node in new[] { kubikal, rack2, rack3 })
            Assert.Equal("10.77.1.0/24", (await AskAsync(node, "10.77.0.0/16", "new1", ct)).Subnet);

        // Another supernet's entity sees the same registry and assignments: 10.77.0.0/23 is full.
        var refused = await AskAsync(rack3, "10.77.0.0/23", "new4", ct);
        Assert.Null(refused.Subnet);
        Assert.Equal("no /24 of 10.77.0.0/23 is free; taken: 10.77.0.0/24 (kubikal), 10.77.1.0/24 (new1)", refused.Refusal);

        // Wherever the entity lived, after kubikal leaves the next one rebuilds from the replicated assignments,
        // and kubikal's record (a host that is gone keeps its subnet) still blocks its /24.
        await kubikal.DisposeAsync();
        await rack2.AwaitUpAsync(2, ct);
        Assert.Equal("10.77.2.0/24", (await AskAsync(rack2, "10.77.0.0/16", "new2", ct)).Subnet);
        Assert.Equal("10.77.4.0/24", (await AskAsync(rack2, "10.77.0.0/16", "new5", ct)).Subnet);
    }

    private static Task<MeshNode> StartAsync(string hostId, string subnet, IReadOnlyList<(string Host, int Port)> seeds, CancellationToken ct, bool serializeMessages = false) =>
        MeshNode.StartAsync(hostId, subnet, seeds, ct, akka => akka.WithSupernetRegistry(TimeProvider.System), serializeMessages);

    /// <summary>Asks as a starting host does, again after each timeout (the region buffers until its coordinator is up).</summary>
    private static async Task<SubnetAssigned> AskAsync(MeshNode node, string supernet, string hostId, CancellationToken ct)
    {
        var region = ActorRegistry.For(node.System).Get<SupernetRegistry>();
        SubnetAssigned? answer = null;
        await Eventually.HoldsAsync(
            async () =>
            {
                try
                {
                    answer = await region.Ask<SubnetAssigned>(new AssignSubnet(supernet, hostId), TimeSpan.FromSeconds(5), ct);
                    return (true, "answered");
                }
                catch (AskTimeoutException)
                {
                    return (false, "no answer yet");
                }
            },
            Timeout,
            $"an answer to {hostId} on {node.HostId}",
            ct);
        return answer!;
    }
}
