namespace XenMesh.Node.Dns.Zone;

/// <summary>A name that exists in a zone, with the RRsets it has (all null for an empty non-terminal).</summary>
internal sealed class ZoneNode(ZoneApex zone)
{
    public ZoneApex Zone { get; } = zone;

    public EncodedRrset? A { get; set; }

    public EncodedRrset? Ptr { get; set; }

    public EncodedRrset? Soa { get; set; }

    public EncodedRrset? Ns { get; set; }
}
