using static XenMesh.Messages.Names.NameRegistryMessages;

namespace XenMesh.Messages.Names;

/// <summary>
/// A name's record in a <see cref="NameBucket"/> with what orders it against other writes of the same name: the later
/// <paramref name="Timestamp"/> wins, then the greater <paramref name="Node"/> (ordinal).
/// </summary>
/// <param name="Record">The record the name's entity decided.</param>
/// <param name="Timestamp">
/// UTC ticks of the write, and always later than the entry it replaced on the writing node (<see cref="NameBucket.Set"/>),
/// so one node never writes two entries with the same timestamp and (timestamp, node) orders every two writes.
/// </param>
/// <param name="Node">The cluster member that wrote it (address and uid).</param>
public sealed record NameBucketEntry(NameRecord Record, long Timestamp, string Node)
{
    /// <summary>True when this entry replaces <paramref name="other"/> in a merge.</summary>
    public bool IsLaterThan(NameBucketEntry other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Timestamp != other.Timestamp ? Timestamp > other.Timestamp : string.CompareOrdinal(Node, other.Node) > 0;
    }

    /// <summary>True when both are the same write: the same node at the same timestamp.</summary>
    public bool IsSameWrite(NameBucketEntry other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Timestamp == other.Timestamp && string.Equals(Node, other.Node, StringComparison.Ordinal);
    }
}
