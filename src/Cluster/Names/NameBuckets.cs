using XenMesh.Messages.Names;

namespace XenMesh.Cluster.Names;

/// <summary>
/// The replicated name records, spread over a fixed number of DData keys. Small keys keep what the replicator
/// does per key cheap: on every change of a subscribed key it serialises the key's whole state for its digest,
/// and gossip between replicas whose digests differ ships whole keys. With 64 keys (47 KB each
/// for 10 000 names of about 300 bytes) that work stalled remoting for seconds under a burst; with 1 024 a key
/// holds about ten names (3 KB). The count, the key names and the hash are part of the wire contract: every member
/// must use the same.
/// </summary>
public static class NameBuckets
{
    public const int Count = 1024;

    public static readonly IReadOnlyList<NameBucketKey> Keys =
        [.. Enumerable.Range(0, Count).Select(i => new NameBucketKey($"xm-name-bucket-{i}"))];

    /// <summary>The key holding <paramref name="fqdn"/>'s record: FNV-1a over its characters, the same in every process.</summary>
    public static NameBucketKey For(string fqdn)
    {
        ArgumentNullException.ThrowIfNull(fqdn);
        var hash = 2166136261u;
        foreach (var c in fqdn)
            hash = (hash ^ c) * 16777619u;
        return Keys[(int)(hash % Count)];
    }
}
