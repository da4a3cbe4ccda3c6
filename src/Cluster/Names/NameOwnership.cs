using System.Collections.Immutable;
using XenMesh.Messages.Names;
using static XenMesh.Messages.Names.NameRegistryMessages;

namespace XenMesh.Cluster.Names;

/// <summary>
/// The live claims on one name and who owns it: the first live claim wins, ordered by the claim's
/// original time, then host id, then guest (ordinal), so every node that holds the same claims agrees.
/// Pure: the entity applies messages to it and publishes <see cref="ToRecord"/> when it changes.
/// </summary>
public sealed record NameOwnership
{
    public static readonly NameOwnership Empty = new(ImmutableDictionary<ClaimKey, HeldClaim>.Empty);

    private NameOwnership(ImmutableDictionary<ClaimKey, HeldClaim> claims) => Claims = claims;

    /// <summary>Every live claim by (host, guest), with when it was last asserted.</summary>
    public ImmutableDictionary<ClaimKey, HeldClaim> Claims { get; }

    public bool IsEmpty => Claims.IsEmpty;

    /// <summary>The winning claim, or null when nobody claims the name.</summary>
    public NameClaim? Owner => Ordered().FirstOrDefault();

    /// <summary>Every live claim but the owner's, best first.</summary>
    public IReadOnlyList<NameClaim> Rejected => [.. Ordered().Skip(1)];

    /// <summary>Adds a claim or replaces the same (host, guest)'s claim; <paramref name="now"/> refreshes it.</summary>
    public NameOwnership Claim(NameClaim claim, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(claim);
        return new(Claims.SetItem(ClaimKey.Of(claim), new HeldClaim(claim, now)));
    }

    /// <summary>The claim of (<paramref name="hostId"/>, <paramref name="guest"/>) ends.</summary>
    public NameOwnership Withdraw(string hostId, string guest) => new(Claims.Remove(new ClaimKey(hostId, guest)));

    /// <summary>A host left, was removed or its claimant stopped: all its claims go.</summary>
    public NameOwnership RemoveHost(string hostId) =>
        new(Claims.RemoveRange(Claims.Keys.Where(k => k.HostId == hostId)));

    /// <summary>Claims nobody re-asserted since <paramref name="cutoff"/> go (a lost withdrawal must not hold a name forever).</summary>
    public NameOwnership Expire(DateTimeOffset cutoff) =>
        new(Claims.RemoveRange(Claims.Where(kv => kv.Value.AssertedAt < cutoff).Select(kv => kv.Key)));

    /// <summary>The record replicas hold, or null when nobody claims the name.</summary>
    public NameRecord? ToRecord(string fqdn) => Owner is { } owner ? new NameRecord(fqdn, owner, Rejected) : null;

    /// <summary>
    /// Rebuilds an entity from the record its previous incarnation replicated, so the order of the
    /// re-asserted claims that follow cannot hand the name to a runner-up for a moment.
    /// </summary>
    public static NameOwnership FromRecord(NameRecord record, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record.Rejected.Prepend(record.Owner).Aggregate(Empty, (state, claim) => state.Claim(claim, now));
    }

    /// <summary>Claims that are rejected in <paramref name="after"/> but were not in <paramref name="before"/>: each is logged once.</summary>
    public static IEnumerable<NameClaim> NewlyRejected(NameOwnership before, NameOwnership after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var earlier = before.Rejected.Select(ClaimKey.Of).ToHashSet();
        return after.Rejected.Where(c => !earlier.Contains(ClaimKey.Of(c)));
    }

    /// <summary>True when both records say the same (the lists compared by content): nothing to replicate.</summary>
    public static bool SameRecord(NameRecord? a, NameRecord? b) =>
        (a, b) switch
        {
            (null, null) => true,
            ({ } x, { } y) => x.Fqdn == y.Fqdn && x.Withdrawn == y.Withdrawn && x.Owner == y.Owner && x.Rejected.SequenceEqual(y.Rejected),
            _ => false,
        };

    private IEnumerable<NameClaim> Ordered() =>
        Claims.Values.Select(h => h.Claim)
            .OrderBy(c => c.Since)
            .ThenBy(c => c.HostId, StringComparer.Ordinal)
            .ThenBy(c => c.Guest, StringComparer.Ordinal);
}

/// <summary>Identifies a claim within one name: one claim per guest per host.</summary>
public readonly record struct ClaimKey(string HostId, string Guest)
{
    public static ClaimKey Of(NameClaim claim) => new(claim.HostId, claim.Guest);
}

/// <summary>A claim and when its host last asserted it.</summary>
public sealed record HeldClaim(NameClaim Claim, DateTimeOffset AssertedAt);
