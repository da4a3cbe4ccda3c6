using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Akka.DistributedData;

namespace XenMesh.Messages.Names;

/// <summary>The entries a <see cref="NameBucket"/> was written with since its last delta went out; merges like the bucket.</summary>
public sealed class NameBucketDelta : IReplicatedDelta, IReplicatedData<NameBucketDelta>, IXenMeshWireMessage
{
    public static readonly NameBucketDelta Empty = new([]);

    [JsonConstructor]
    public NameBucketDelta(IEnumerable<NameBucketEntry> entries)
        : this(NameBucket.Empty.ByName.MergeEntries(entries))
    {
    }

    private NameBucketDelta(ImmutableSortedDictionary<string, NameBucketEntry> byName) => ByName = byName;

    /// <summary>The entries, sorted by name.</summary>
    public IEnumerable<NameBucketEntry> Entries => ByName.Values;

    [JsonIgnore]
    public ImmutableSortedDictionary<string, NameBucketEntry> ByName { get; }

    public IDeltaReplicatedData Zero => NameBucket.Empty;

    /// <summary>This delta and one more write of its node.</summary>
    public NameBucketDelta With(NameBucketEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new(ByName.SetItem(entry.Record.Fqdn, entry));
    }

    public NameBucketDelta Merge(NameBucketDelta other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(ByName.MergeEntries(other.Entries));
    }

    IReplicatedData IReplicatedData.Merge(IReplicatedData other) => Merge((NameBucketDelta)other);
}
