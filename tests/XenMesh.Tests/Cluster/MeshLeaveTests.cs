using Akka.Actor;
using System.Net;
using XenMesh.Messages.Names;
using static XenMesh.Messages.Names.NameRegistryMessages;

namespace XenMesh.Tests.Cluster;

/// <summary>A member leaving gracefully takes its names with it, and the name passes to the next live claim.</summary>
public sealed class MeshLeaveTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_host_that_leaves_withdraws_its_names_and_the_next_claim_takes_over()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var kubikal = await MeshNode.StartAsync("kubikal", "192.168.0.0/24", [], ct);
        await kubikal.AwaitUpAsync(1, ct);
        await using var rack2 = await MeshNode.StartAsync("rack2", "192.168.1.0/24", [kubikal.Endpoint], ct);
        await kubikal.AwaitUpAsync(2, ct);
        await rack2.AwaitUpAsync(2, ct);

        var t0 = new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);
        NameClaim ClaimOf(MeshNode node, int minutes) =>
            new(node.HostId, "00:16:3e:00:00:0" + minutes, IPAddress.Parse("192.168.5." + minutes), t0.AddMinutes(minutes), "XenDomain", node.Cluster.SelfAddress.ToString(), node.Cluster.SelfUniqueAddress.Uid);
        rack2.Registry.Tell(new ClaimName("solo.xen", ClaimOf(rack2, 1), rack2.NewClaimant("c1")));
        rack2.Registry.Tell(new ClaimName("shared.xen", ClaimOf(rack2, 2), rack2.NewClaimant("c2")));
        kubikal.Registry.Tell(new ClaimName("shared.xen", ClaimOf(kubikal, 3), kubikal.NewClaimant("c3")));
        await Eventually.HoldsAsync(
            () => Task.FromResult((kubikal.Zone.Current.Names.TryGetValue("shared.xen", out var r) && r.Owner.HostId == "rack2" && r.Rejected.Count == 1 && kubikal.Zone.Current.Names.ContainsKey("solo.xen"), Describe(kubikal))),
            Timeout, "kubikal sees rack2's names", ct);

        await rack2.Cluster.LeaveAsync(ct);

        await Eventually.HoldsAsync(
            () => Task.FromResult((!kubikal.Zone.Current.Names.ContainsKey("solo.xen") && kubikal.Zone.Current.Names.TryGetValue("shared.xen", out var r) && r.Owner.HostId == "kubikal" && r.Rejected.Count == 0, Describe(kubikal))),
            Timeout, "rack2's names are gone and shared.xen passed to kubikal", ct);
    }

    private static string Describe(MeshNode node) =>
        string.Join("; ", node.Zone.Current.Names.Values.Select(r => $"{r.Fqdn}: {r.Owner.HostId} (+{r.Rejected.Count})"));
}
