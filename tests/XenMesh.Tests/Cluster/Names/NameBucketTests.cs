using System.Net;
using Akka.Actor;
using Akka.DistributedData;
using FsCheck.Xunit;
using XenMesh.Cluster.Names;
using XenMesh.Messages.Names;
using static XenMesh.Messages.Names.NameRegistryMessages;

namespace XenMesh.Tests.Cluster.Names;

/// <summary>The replicated bucket of name records: a CRDT that only adds and updates names, merged per name by last write.</summary>
public sealed class NameBucketTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

    private static string Member(int host, int uid) => $"{new Address("akka.tcp", "xenmesh", $"10.0.0.{host}", 4053)}#{uid}";

    private static NameRecord Record(string fqdn, string member, int version) =>
        new(fqdn, new NameClaim($"host-{member}", $"00:16:3e:00:00:{version % 256:x2}", IPAddress.Parse($"192.168.0.{version % 250 + 1}"), T0, "HostName", member, 7), []);

    private static NameBucket Write(NameBucket bucket, string member, long now, string fqdn, NameRecord? record) =>
        NameRecordWriter.Apply(bucket, new Dictionary<string, NameRecord?> { [fqdn] = record }, member, now);

    /// <summary>
    /// Three members, each setting and withdrawing only its own names through <see cref="NameRecordWriter.Apply"/> (as
    /// each name's entity and its node's writer do) with clocks that may stand still or run behind each other. Deltas
    /// reach each peer in any order and at any time, and whole states are merged at any time, as the replicator's writes
    /// and gossip do. Once everything is delivered and merged, every member holds each name's last write. The script is
    /// read three bytes at a time: member, what, and a name or a peer.
    /// </summary>
    [Property(MaxTest = 300)]
    public void Buckets_converge_to_each_names_last_write_whatever_the_order_of_deltas_and_merges(int seed, byte[] script)
    {
        var random = new Random(seed);
        var members = Enumerable.Range(1, 3).Select(i => Member(i, random.Next())).ToArray();
        var clocks = new long[3];
        var replicas = Enumerable.Repeat(NameBucket.Empty, 3).ToArray();
        var inFlight = Enumerable.Range(0, 9).Select(_ => new List<NameBucketDelta>()).ToArray();
        var last = new Dictionary<string, NameRecord?>();
        for (var i = 0; i + 2 < script.Length; i += 3)
        {
            var member = script[i] % 3;
            var argument = script[i + 2];
            var peer = argument % 3;
            switch (script[i + 1] % 4)
            {
                case 0 or 1:
                    var fqdn = $"m{member}n{argument % 4}.xen";
                    var record = script[i + 1] % 4 == 0 ? Record(fqdn, members[member], i) : null;
                    clocks[member] += argument % 3;
                    var changed = Write(replicas[member], members[member], clocks[member], fqdn, record);
                    if (changed.Delta is { } delta)
                    {
                        for (var to = 0; to < 3; to++)
                            inFlight[(member * 3) + to].Add(delta);
                    }

                    replicas[member] = changed.ResetDelta();
                    last[fqdn] = record ?? (last.GetValueOrDefault(fqdn) is { } withdrawn ? withdrawn with { Withdrawn = true } : null);
                    break;
                case 2:
                    var queue = inFlight[(peer * 3) + member];
                    if (queue.Count > 0 && peer != member)
                    {
                        var any = random.Next(queue.Count);
                        replicas[member] = replicas[member].MergeDelta(queue[any]);
                        queue.RemoveAt(any);
                    }

                    break;
                default:
                    replicas[member] = replicas[member].Merge(replicas[peer]);
                    break;
            }
        }

        for (var from = 0; from < 3; from++)
        {
            for (var to = 0; to < 3; to++)
            {
                foreach (var delta in inFlight[(from * 3) + to].Where(_ => from != to))
                    replicas[to] = replicas[to].MergeDelta(delta);
            }
        }

        for (var round = 0; round < 2; round++)
        {
            for (var to = 0; to < 3; to++)
            {
                for (var from = 0; from < 3; from++)
                    replicas[to] = replicas[to].Merge(replicas[from]);
            }
        }

        foreach (var replica in replicas)
        {
            Assert.Equal(last.Where(kv => kv.Value is not null).Select(kv => kv.Key).Order(StringComparer.Ordinal), replica.ByName.Keys);
            Assert.All(replica.Entries, e => Assert.True(NameOwnership.SameRecord(last[e.Record.Fqdn], e.Record), $"{e.Record.Fqdn}: {e.Record}"));
        }
    }

    [Property(MaxTest = 200)]
    public void Merge_is_commutative_associative_and_idempotent(int seed)
    {
        var random = new Random(seed);
        NameBucket Some()
        {
            var bucket = NameBucket.Empty;
            for (var i = random.Next(6); i > 0; i--)
            {
                // One node writes one record at a time (NameBucketEntry.Timestamp): the record follows from name, node and time.
                var (fqdn, host, time) = ($"n{random.Next(4)}.xen", random.Next(1, 3), random.Next(3));
                var member = Member(host, 1);
                bucket = bucket.Merge(NameBucket.Empty.Set(Record(fqdn, member, (time * 10) + host), member, time));
            }

            return bucket;
        }

        var (a, b, c) = (Some(), Some(), Some());

        Assert.Equal(a.Merge(b).Entries, b.Merge(a).Entries);
        Assert.Equal(a.Merge(b).Merge(c).Entries, a.Merge(b.Merge(c)).Entries);
        Assert.Equal(a.Entries, a.Merge(a).Entries);
    }

    [Fact]
    public void A_write_wins_over_what_its_node_had_seen_even_with_a_clock_behind()
    {
        var (one, two) = (Member(1, 1), Member(2, 2));
        var seen = Write(NameBucket.Empty, two, 5_000, "web.xen", Record("web.xen", two, 1)).ResetDelta();

        var rewritten = Write(seen, one, 1_000, "web.xen", Record("web.xen", one, 2));

        Assert.Equal(5_001, rewritten.ByName["web.xen"].Timestamp);
        Assert.Equal(Record("web.xen", one, 2).Owner, seen.Merge(rewritten).ByName["web.xen"].Record.Owner);
        Assert.Equal(Record("web.xen", one, 2).Owner, rewritten.Merge(seen).ByName["web.xen"].Record.Owner);
    }

    [Fact]
    public void A_delta_holds_the_writes_since_the_last_reset_and_rebuilds_them_from_zero()
    {
        var self = Member(1, 7);
        var first = Write(NameBucket.Empty, self, 1, "a.xen", Record("a.xen", self, 1)).ResetDelta();

        var written = Write(Write(first, self, 2, "b.xen", Record("b.xen", self, 2)), self, 3, "c.xen", Record("c.xen", self, 3));

        Assert.Null(first.Delta);
        Assert.Equal(["b.xen", "c.xen"], written.Delta!.ByName.Keys);
        var rebuilt = (NameBucket)((IDeltaReplicatedData)written.Delta.Zero).MergeDelta(written.Delta);
        Assert.Equal(["b.xen", "c.xen"], rebuilt.ByName.Keys);
        Assert.Same(first.ByName, first.Merge(first).ByName);
    }

    [Fact]
    public void The_writer_marks_a_withdrawn_name_and_sets_it_again_when_it_is_claimed_anew()
    {
        var self = Member(1, 7);
        var bucket = Write(NameBucket.Empty, self, 1, "web.xen", Record("web.xen", self, 1));

        var withdrawn = NameRecordWriter.Apply(bucket, new Dictionary<string, NameRecord?> { ["web.xen"] = null, ["never.xen"] = null }, self, 2);
        var again = Write(withdrawn, self, 3, "web.xen", Record("web.xen", self, 2));

        Assert.Equal(["web.xen"], withdrawn.ByName.Keys);
        Assert.True(withdrawn.ByName["web.xen"].Record.Withdrawn);
        Assert.Equal(Record("web.xen", self, 1).Owner, withdrawn.ByName["web.xen"].Record.Owner);
        Assert.False(again.ByName["web.xen"].Record.Withdrawn);
        Assert.Equal(Record("web.xen", self, 2).Owner, again.ByName["web.xen"].Record.Owner);
    }
}
