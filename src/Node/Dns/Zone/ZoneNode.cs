namespace XenMesh.Node.Dns.Zone;

/// <summary>
/// A name that exists in a zone, with the RRsets it has (all null for an empty non-terminal). Immutable: a later
/// snapshot shares the nodes that did not change and replaces the others.
/// </summary>
internal sealed record ZoneNode
{
    public static readonly ZoneNode Empty = new();

    public EncodedRrset? A { get; init; }

    public EncodedRrset? Ptr { get; init; }

    public EncodedRrset? Soa { get; init; }

    public EncodedRrset? Ns { get; init; }
}
