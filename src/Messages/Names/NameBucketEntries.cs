using System.Collections.Immutable;

namespace XenMesh.Messages.Names;

/// <summary>The merge of <see cref="NameBucket"/> and <see cref="NameBucketDelta"/>: per name, the later entry.</summary>
public static class NameBucketEntries
{
    /// <summary>
    /// <paramref name="entries"/> merged into <paramref name="byName"/>; the same instance when none of them is later
    /// than what it holds, so that an unchanged bucket stays the same object.
    /// </summary>
    public static ImmutableSortedDictionary<string, NameBucketEntry> MergeEntries(
        this ImmutableSortedDictionary<string, NameBucketEntry> byName, IEnumerable<NameBucketEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(byName);
        ArgumentNullException.ThrowIfNull(entries);
        ImmutableSortedDictionary<string, NameBucketEntry>.Builder? merged = null;
        foreach (var entry in entries)
        {
            var fqdn = entry.Record.Fqdn;
            if ((merged is null ? byName.TryGetValue(fqdn, out var mine) : merged.TryGetValue(fqdn, out mine)) && !entry.IsLaterThan(mine))
                continue;
            merged ??= byName.ToBuilder();
            merged[fqdn] = entry;
        }

        return merged?.ToImmutable() ?? byName;
    }
}
