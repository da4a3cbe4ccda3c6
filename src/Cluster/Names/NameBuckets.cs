using Akka.DistributedData;
using static XenMesh.Messages.Names.NameRegistryMessages;

namespace XenMesh.Cluster.Names;

/// <summary>
/// The replicated name records, spread over a fixed number of DData keys so that no key's full state
/// outgrows Akka.Remote's frame size (10 000 names of about 300 bytes each make 47 KB per key). The count is
/// part of the wire contract: every member must use the same.
/// </summary>
public static class NameBuckets
{
    public const int Count = 64;

    public static readonly IReadOnlyList<LWWDictionaryKey<string, NameRecord>> Keys =
        [.. Enumerable.Range(0, Count).Select(i => new LWWDictionaryKey<string, NameRecord>($"xm-names-{i}"))];

    /// <summary>The key holding <paramref name="fqdn"/>'s record: FNV-1a, stable across processes and runtimes.</summary>
    public static LWWDictionaryKey<string, NameRecord> For(string fqdn)
    {
        ArgumentNullException.ThrowIfNull(fqdn);
        var hash = 2166136261u;
        foreach (var c in fqdn)
            hash = (hash ^ c) * 16777619u;
        return Keys[(int)(hash % Count)];
    }
}
