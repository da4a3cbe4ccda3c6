using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using Akka.DistributedData;
using static XenMesh.Messages.Names.NameRegistryMessages;

namespace XenMesh.Messages.Names;

/// <summary>
/// The name records of one replicated key: each name's last written <see cref="NameBucketEntry"/>, merged per name
/// by <see cref="NameBucketEntry.IsLaterThan"/>. A state-based CRDT: merge is commutative, associative and idempotent.
/// <para>
/// Names are never removed (a withdrawn name stays as a record marked <see cref="NameRecord.Withdrawn"/>), so the map
/// needs none of what Akka's <c>LWWDictionary</c> carries for removal: no observed-remove set, no version vectors, and
/// no causal delivery of deltas. A delta is the entries written since the last <see cref="ResetDelta"/> and merges like
/// the state, so the replicator sends a write's delta as the write itself and never falls back to the whole key.
/// </para>
/// <para>
/// It is also serialised by <c>XenMeshSerializer</c> as plain JSON, entries sorted by name. The replicator serialises a
/// subscribed key on every change to compare digests, and Akka's serialiser gzips an <c>LWWDictionary</c> each time:
/// in <c>bench/mesh</c> that was a quarter of an agent's CPU during the fill, most of it setting up the deflater.
/// </para>
/// </summary>
public sealed class NameBucket : IDeltaReplicatedData<NameBucket, NameBucketDelta>, IXenMeshWireMessage
{
    public static readonly NameBucket Empty = new(ImmutableSortedDictionary.Create<string, NameBucketEntry>(StringComparer.Ordinal), null);

    /// <summary>A bucket as serialised: entries in any order, a name given twice merged like two writes.</summary>
    [JsonConstructor]
    public NameBucket(IEnumerable<NameBucketEntry> entries)
        : this(Empty.ByName.MergeEntries(entries), null)
    {
    }

    private NameBucket(ImmutableSortedDictionary<string, NameBucketEntry> byName, NameBucketDelta? delta)
    {
        ByName = byName;
        Delta = delta;
    }

    /// <summary>The entries, sorted by name (ordinal), which is also their order on the wire.</summary>
    public IEnumerable<NameBucketEntry> Entries => ByName.Values;

    /// <summary>The entries by name.</summary>
    [JsonIgnore]
    public ImmutableSortedDictionary<string, NameBucketEntry> ByName { get; }

    /// <summary>The entries written since the last <see cref="ResetDelta"/>; null when none.</summary>
    [JsonIgnore]
    public NameBucketDelta? Delta { get; }

    // Akka's contract: null when there is nothing to propagate.
    NameBucketDelta IDeltaReplicatedData<NameBucket, NameBucketDelta>.Delta => Delta!;

    IReplicatedDelta IDeltaReplicatedData.Delta => Delta!;

    /// <summary>
    /// Writes <paramref name="record"/> as <paramref name="node"/> at <paramref name="now"/> (UTC ticks), or one tick
    /// after the entry it replaces if that is later, so that a write always wins over what its node had seen.
    /// </summary>
    public NameBucket Set(NameRecord record, string node, long now)
    {
        ArgumentNullException.ThrowIfNull(record);
        var timestamp = ByName.TryGetValue(record.Fqdn, out var current) ? Math.Max(now, current.Timestamp + 1) : now;
        var entry = new NameBucketEntry(record, timestamp, node);
        var delta = (Delta ?? NameBucketDelta.Empty).With(entry);
        return new(ByName.SetItem(record.Fqdn, entry), delta);
    }

    /// <summary>The current record of <paramref name="fqdn"/>, withdrawn or not.</summary>
    public bool TryGetRecord(string fqdn, [MaybeNullWhen(false)] out NameRecord record)
    {
        var found = ByName.TryGetValue(fqdn, out var entry);
        record = entry?.Record;
        return found;
    }

    public NameBucket Merge(NameBucket other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(ByName.MergeEntries(other.Entries), null);
    }

    public NameBucket MergeDelta(NameBucketDelta delta)
    {
        ArgumentNullException.ThrowIfNull(delta);
        return new(ByName.MergeEntries(delta.Entries), Delta);
    }

    public NameBucket ResetDelta() => Delta is null ? this : new(ByName, null);

    IReplicatedData IReplicatedData.Merge(IReplicatedData other) => Merge((NameBucket)other);

    IReplicatedData IDeltaReplicatedData.MergeDelta(IReplicatedDelta delta) => MergeDelta((NameBucketDelta)delta);

    IReplicatedData IDeltaReplicatedData.ResetDelta() => ResetDelta();
}
