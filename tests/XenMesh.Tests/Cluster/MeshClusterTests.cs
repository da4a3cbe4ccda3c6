using Akka.Actor;
using Akka.DistributedData;
using System.Net;
using XenMesh.Cluster.Bootstrap;
using XenMesh.Cluster.Names;
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
    public async Task A_burst_of_claims_on_one_host_and_their_withdrawals_reach_every_node_exactly()
    {
        // Enough names that every bucket gets several while its previous write is still out, so the writers' batches
        // (several names in one delta) are what replicates them.
        var ct = TestContext.Current.CancellationToken;
        var names = Enumerable.Range(0, 640).Select(i => (Fqdn: $"burst{i}.xen", Guest: $"00:16:3e:01:{i / 256:x2}:{i % 256:x2}")).ToList();
        var claimant = mesh.Rack2.NewClaimant("claimant-burst");
        foreach (var (fqdn, guest) in names)
            mesh.Rack2.Registry.Tell(new ClaimName(fqdn, ClaimOf(mesh.Rack2, guest, "192.168.1.9", 1), claimant));
        await AllCountAsync(names.Select(n => n.Fqdn).ToHashSet(), "every burst name owned by rack2", ct);

        foreach (var (fqdn, guest) in names.Where((_, i) => i % 2 == 0))
            mesh.Rack2.Registry.Tell(new WithdrawName(fqdn, mesh.Rack2.HostId, guest));
        await AllCountAsync(names.Where((_, i) => i % 2 == 1).Select(n => n.Fqdn).ToHashSet(), "the odd half of the burst names", ct);
        foreach (var node in mesh.All)
            Assert.All(names.Where((_, i) => i % 2 == 1), n => Assert.Equal(mesh.Rack2.HostId, node.Zone.Current.Names[n.Fqdn].Owner.HostId));

        mesh.Rack2.System.Stop(claimant);
        await AllCountAsync([], "no burst name", ct);
    }

    [Fact]
    public async Task A_flush_after_a_burst_beyond_the_writers_window_finds_the_record_on_every_replica()
    {
        // A writer of its own with a deadline no write reaches here: a Flushed then means the bucket's WriteAll was acked
        // by every member, not that it timed out. The burst spans far more buckets than MaxWritesToAll, so most of its
        // writes are local and reach the others by delta propagation.
        var ct = TestContext.Current.CancellationToken;
        var writer = mesh.Rack3.System.ActorOf(
            NameRecordWriter.Props(new NameRegistryOptions(TimeSpan.FromSeconds(30), TimeProvider.System) { WriteTimeout = TimeSpan.FromMinutes(5) }),
            "writer-window");
        var names = Enumerable.Range(0, 200).Select(i => $"window{i}.xen").ToList();
        var records = names.Select((fqdn, i) => new NameRecord(fqdn, ClaimOf(mesh.Rack3, $"00:16:3e:02:00:{i:x2}", "192.168.0.20", 1), [])).ToList();
        Assert.True(records.Select(r => NameBuckets.For(r.Fqdn).Id).Distinct().Count() > 10 * NameRecordWriter.MaxWritesToAll);

        // Every name flushed at once, as entities stopping together would: most flushes find their bucket written
        // locally while the window is full, and must still end with a WriteAll.
        foreach (var record in records)
            writer.Tell(new NameRecordWriter.Publish(record.Fqdn, record));
        await Task.WhenAll(names.Select(fqdn => writer.Ask<NameRecordWriter.Flushed>(new NameRecordWriter.Flush(fqdn), Timeout, ct)));
        foreach (var node in new[] { mesh.Kubikal, mesh.Rack2 })
        {
            foreach (var fqdn in names)
                Assert.Equal(mesh.Rack3.HostId, (await ReadLocalAsync(node, fqdn))?.Owner.HostId);
        }

        await AllCountAsync([.. names], "every window name", ct, "window");

        foreach (var fqdn in names)
            writer.Tell(new NameRecordWriter.Publish(fqdn, null));
        await AllCountAsync([], "no window name", ct, "window");
        await writer.Ask<NameRecordWriter.Flushed>(new NameRecordWriter.Flush(names[^1]), Timeout, ct);
        foreach (var node in new[] { mesh.Kubikal, mesh.Rack2 })
            Assert.True((await ReadLocalAsync(node, names[^1]))?.Withdrawn);
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

    private static async Task<NameRecord?> ReadLocalAsync(MeshNode node, string fqdn)
    {
        var key = NameBuckets.For(fqdn);
        var got = await DistributedData.Get(node.System).Replicator.Ask(Dsl.Get(key, ReadLocal.Instance), Timeout);
        return got is GetSuccess g && g.Get(key).TryGetRecord(fqdn, out var record) ? record : null;
    }

    private async Task AllCountAsync(HashSet<string> expected, string what, CancellationToken ct, string prefix = "burst")
    {
        foreach (var node in mesh.All)
        {
            var wrong = new List<string>();
            try
            {
                await Eventually.HoldsAsync(
                    () =>
                    {
                        var seen = node.Zone.Current.Names.Keys.Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).ToHashSet();
                        wrong = [.. seen.Except(expected).Concat(expected.Except(seen))];
                        return Task.FromResult((wrong.Count == 0, $"{seen.Count} {prefix} names"));
                    },
                    Timeout,
                    $"{node.HostId}: {what}",
                    ct);
            }
            catch (Xunit.Sdk.FailException failed)
            {
                Assert.Fail($"{failed.Message}; {await DescribeAsync(wrong.Take(3))}");
            }
        }
    }

    private async Task<string> DescribeAsync(IEnumerable<string> names)
    {
        var lines = new List<string>();
        foreach (var fqdn in names)
        {
            var key = XenMesh.Cluster.Names.NameBuckets.For(fqdn);
            foreach (var node in mesh.All)
            {
                var replicator = Akka.DistributedData.DistributedData.Get(node.System).Replicator;
                var got = await replicator.Ask(Akka.DistributedData.Dsl.Get(key, Akka.DistributedData.ReadLocal.Instance), TimeSpan.FromSeconds(20));
                var ddata = got is Akka.DistributedData.GetSuccess g && g.Get(key).TryGetRecord(fqdn, out var r) ? $"{r.Owner.HostId}/{r.Owner.Guest}{(r.Withdrawn ? " withdrawn" : "")}" : got.GetType().Name;
                var state = await node.Registry.Ask<Akka.Cluster.Sharding.CurrentShardRegionState>(Akka.Cluster.Sharding.GetShardRegionState.Instance, TimeSpan.FromSeconds(20));
                var hosted = state.Shards.Any(sh => sh.EntityIds.Contains(fqdn));
                lines.Add($"{fqdn}@{node.HostId}: ddata {ddata}, entity {(hosted ? "here" : "-")}");
            }
        }

        return string.Join(" | ", lines);
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
