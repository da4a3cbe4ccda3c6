using System.Collections.Immutable;

namespace XenMesh.Node.Rip.Codec;

/// <summary>
/// A decoded RIPv2 packet. A request for the whole table is <see cref="WholeTableRequest"/> with no
/// entries (on the wire, one entry of family 0 and metric 16). Entries of address families other than
/// IPv4 are skipped when decoding (RFC 2453 §3.9.2), so they are not represented.
/// </summary>
public sealed record RipMessage(RipCommand Command, ImmutableArray<RipRouteEntry> Entries, RipAuthentication? Authentication = null, bool WholeTableRequest = false)
{
    /// <summary>The request a router sends at start-up: everything you have.</summary>
    public static RipMessage RequestWholeTable(RipAuthentication? authentication = null) =>
        new(RipCommand.Request, [], authentication, WholeTableRequest: true);

    public bool Equals(RipMessage? other) =>
        other is not null
        && Command == other.Command
        && WholeTableRequest == other.WholeTableRequest
        && Equals(Authentication, other.Authentication)
        && Entries.AsSpan().SequenceEqual(other.Entries.AsSpan());

    public override int GetHashCode() => HashCode.Combine(Command, WholeTableRequest, Authentication, Entries.Length);
}
