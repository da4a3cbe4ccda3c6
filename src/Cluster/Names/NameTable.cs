using System.Collections.Immutable;
using Akka.Actor;
using static XenMesh.Messages.Names.NameRegistryMessages;

namespace XenMesh.Cluster.Names;

/// <summary>
/// Every owned name of the mesh as this node's replica holds it, immutable: swapped whole so readers (the DNS
/// server) never lock. Records of members that left or were removed are already left out.
/// </summary>
/// <param name="Names">Records by lower-case FQDN.</param>
/// <param name="Version">Increases with every swap on this node.</param>
/// <param name="Changed">
/// The names whose record may differ from the previous table's, so that readers of a large zone can update only
/// those; null when any may have (the first table, a membership change).
/// </param>
public sealed record NameTable(ImmutableSortedDictionary<string, NameRecord> Names, long Version, IReadOnlySet<string>? Changed = null)
    : INoSerializationVerificationNeeded
{
    public static readonly NameTable Empty = new(ImmutableSortedDictionary.Create<string, NameRecord>(StringComparer.Ordinal), 0);

    /// <summary>Names claimed by more than one guest, for <c>dns conflicts</c>.</summary>
    public IEnumerable<NameRecord> Conflicts => Names.Values.Where(r => r.Rejected.Count > 0);

    /// <summary>How many names <paramref name="hostId"/> owns.</summary>
    public int CountOwnedBy(string hostId) => Names.Values.Count(r => r.Owner.HostId == hostId);
}
