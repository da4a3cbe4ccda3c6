using Akka.Actor;

namespace XenMesh.Messages.Names;

/// <summary>
/// What hosts send to the name registry, the shard region with one entity per lower-case FQDN, and what
/// the registry replicates to every node.
/// </summary>
public static class NameRegistryMessages
{
    /// <summary>A message for the entity of <see cref="Fqdn"/>.</summary>
    public interface INameRegistryMessage : IXenMeshWireMessage
    {
        /// <summary>The fully qualified name, lower case, without the trailing dot (<c>xen1.xen</c>).</summary>
        string Fqdn { get; }
    }

    /// <summary>
    /// Adds or refreshes a claim. Idempotent: hosts re-send every claim on start, on membership changes
    /// and on an interval, which is how a moved or restarted entity rebuilds itself. The entity watches
    /// <paramref name="Claimant"/>: when it stops or its member is removed, its claims go.
    /// </summary>
    public sealed record ClaimName(string Fqdn, NameClaim Claim, IActorRef Claimant) : INameRegistryMessage;

    /// <summary>The claim of (<paramref name="HostId"/>, <paramref name="Guest"/>) ends (lease released, expired, renamed).</summary>
    public sealed record WithdrawName(string Fqdn, string HostId, string Guest) : INameRegistryMessage;

    /// <summary>
    /// A name's ownership as its entity decided it, replicated to every node: the owner gets the record,
    /// the rejected claims are the conflicts <c>dns conflicts</c> lists.
    /// </summary>
    /// <param name="Fqdn">The name.</param>
    /// <param name="Owner">The winning claim.</param>
    /// <param name="Rejected">Every other live claim, best first.</param>
    public sealed record NameRecord(string Fqdn, NameClaim Owner, IReadOnlyList<NameClaim> Rejected) : IXenMeshWireMessage
    {
        /// <summary>
        /// True when nobody claims the name any more: the replicated record stays as a tombstone, with the claims it
        /// last had, and every replica ignores it. Removing the key instead is not reliable across replicas with this
        /// Akka.DistributedData version (see <c>NameRecordWriter</c>).
        /// </summary>
        public bool Withdrawn { get; init; }
    }
}
