using Akka.DistributedData;
using XenMesh.Messages.Names;
using static XenMesh.Messages.Names.NameRegistryMessages;

namespace XenMesh.Cluster.Names;

/// <summary>
/// The replicated name records, spread over a fixed number of DData keys. Small keys keep what the replicator
/// does per key cheap: on every change of a subscribed key it serialises the key's whole state for its digest,
/// and gossip between replicas whose digests differ ships whole keys, compressed. With 64 keys (47 KB each
/// for 10 000 names of about 300 bytes) that work stalled remoting for seconds under a burst; with 1 024 a key
/// holds about ten names (3 KB). The count is part of the wire contract: every member must use the same.
/// </summary>
public static class NameBuckets
{
    public const int Count = 1024;

    public static readonly IReadOnlyList<LWWDictionaryKey<NameKey, NameRecord>> Keys =
        [.. Enumerable.Range(0, Count).Select(i => new LWWDictionaryKey<NameKey, NameRecord>($"xm-names-{i}"))];

    /// <summary>The key holding <paramref name="fqdn"/>'s record, by <see cref="NameKey"/>'s hash (stable across processes and runtimes).</summary>
    public static LWWDictionaryKey<NameKey, NameRecord> For(string fqdn)
    {
        ArgumentNullException.ThrowIfNull(fqdn);
        return Keys[(int)((uint)new NameKey(fqdn).GetHashCode() % Count)];
    }
}
