namespace XenMesh.Messages.Names;

/// <summary>
/// A name as the key of the replicated name records: the lower-case FQDN with a hash code that is the same in
/// every process.
/// <para>
/// Akka.DistributedData serialises an <c>LWWDictionary</c>'s entries in the order of its immutable dictionary,
/// which is the order of the keys' hash codes, and a replica compares its state with another's by a digest of
/// those bytes. .NET randomises <see cref="string.GetHashCode()"/> per process, so with string keys two dom0s
/// holding the same names serialise them in different orders, their digests never match, and every gossip
/// round ships whole keys back and forth (bench/mesh: about 1.4 MB/s between three idle agents, remoting
/// heartbeats late by 3–7 s). FNV-1a over the characters gives every process the same order.
/// </para>
/// </summary>
/// <param name="Fqdn">The fully qualified name, lower case, without the trailing dot.</param>
public readonly record struct NameKey(string Fqdn) : IXenMeshWireMessage
{
    public bool Equals(NameKey other) => string.Equals(Fqdn, other.Fqdn, StringComparison.Ordinal);

    public override int GetHashCode()
    {
        var hash = 2166136261u;
        foreach (var c in Fqdn ?? string.Empty)
            hash = (hash ^ c) * 16777619u;
        return unchecked((int)hash);
    }

    public override string ToString() => Fqdn;
}
