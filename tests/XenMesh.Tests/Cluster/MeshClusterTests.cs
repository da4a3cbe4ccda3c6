using Akka.Actor;
using System.Net;
using XenMesh.Cluster.Bootstrap;
using XenMesh.Messages.Names;
using static XenMesh.Messages.Names.NameRegistryMessages;

namespace XenMesh.Tests.Cluster;

/// <summary>
/// The mesh across three ActorSystems in this process: membership, the name registry's ownership and
/// conflicts as every node's zone replica sees them, and the subnet registry's overlap rule.
/// </summary>
public sealed class MeshClusterTests(MeshFixture mesh) : IClassFixture<MeshFixture>
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static NameClaim ClaimOf(MeshNode node, string guest, string address, int minutes) =>
        new(node.HostId, guest, IPAddress.Parse(address), T0.AddMinutes(minutes), "HostName", node.Cluster.SelfAddress.ToString(), node.Cluster.SelfUniqueAddress.Uid);

    [Fact]
    public void Every_member_sees_the_three_dom0s_up_with_their_role()
    {
        foreach (var node in mesh.All)
        {
            Assert.Equal(3, node.Cluster.State.Members.Count);
            Assert.All(node.Cluster.State.Members, m => Assert.Equal([MeshRoles.Dom0], m.Roles));
        }
    }

    [Fact]
    public async Task The_first_claim_owns_a_name_on_every_node_the_later_one_is_a_conflict_and_takes_over_when_the_first_is_withdrawn()
    {
        var ct = TestContext.Current.CancellationToken;
        var first = ClaimOf(mesh.Rack2, "00:16:3e:00:00:02", "192.168.1.7", 1);
        var later = ClaimOf(mesh.Kubikal, "00:16:3e:00:00:01", "192.168.0.7", 5);

        mesh.Kubikal.Registry.Tell(new ClaimName("Web.XEN", later, mesh.Kubikal.NewClaimant("claimant-web-k")));
        await AllSeeAsync("web.xen owned by kubikal", r => r?.Owner == later, ct);
        mesh.Rack2.Registry.Tell(new ClaimName("web.xen", first, mesh.Rack2.NewClaimant("claimant-web-r")));
        await AllSeeAsync("web.xen owned by rack2, kubikal rejected", r => r?.Owner == first && r.Rejected.SequenceEqual([later]), ct);

        mesh.Rack3.Registry.Tell(new WithdrawName("web.xen", "rack2", "00:16:3e:00:00:02"));
        await AllSeeAsync("web.xen back with kubikal, no conflict", r => r?.Owner == later && r.Rejected.Count == 0, ct);
    }

    [Fact]
    public async Task A_stopped_claimant_loses_its_names_on_every_node()
    {
        var ct = TestContext.Current.CancellationToken;
        var claimant = mesh.Rack3.NewClaimant("claimant-db");
        mesh.Rack3.Registry.Tell(new ClaimName("db.xen", ClaimOf(mesh.Rack3, "00:16:3e:00:00:03", "192.168.0.9", 1), claimant));
        await AllSeeAsync("db.xen owned by rack3", r => r?.Owner.HostId == "rack3", ct, "db.xen");

        mesh.Rack3.System.Stop(claimant);

        await AllSeeAsync("db.xen gone", r => r is null, ct, "db.xen");
    }

    [Fact]
    public async Task The_later_host_with_an_overlapping_subnet_is_refused_on_every_node()
    {
        var ct = TestContext.Current.CancellationToken;
        foreach (var node in mesh.All)
        {
            await Eventually.HoldsAsync(
                () =>
                {
                    var hosts = node.Hosts.Current;
                    var refused = hosts.Overlaps.Select(o => $"{o.Later.HostId}>{o.Earlier.HostId}").ToList();
                    return Task.FromResult((hosts.Hosts.Count == 3 && refused.SequenceEqual(["rack3>kubikal"]), $"{hosts.Hosts.Count} hosts, overlaps {string.Join(",", refused)}"));
                },
                Timeout,
                $"{node.HostId} lists three hosts and refuses rack3's overlap",
                ct);
        }
    }

    private async Task AllSeeAsync(string what, Func<NameRecord?, bool> expected, CancellationToken ct, string fqdn = "web.xen")
    {
        foreach (var node in mesh.All)
        {
            await Eventually.HoldsAsync(
                () =>
                {
                    var record = node.Zone.Current.Names.GetValueOrDefault(fqdn);
                    return Task.FromResult((expected(record), record is null ? "no record" : $"{record.Owner.HostId} owns, rejected {record.Rejected.Count}"));
                },
                Timeout,
                $"{node.HostId}: {what}",
                ct);
        }
    }
}
