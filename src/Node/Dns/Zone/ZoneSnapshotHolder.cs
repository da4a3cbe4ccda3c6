namespace XenMesh.Node.Dns.Zone;

/// <summary>
/// The current <see cref="ZoneSnapshot"/>: one writer (the zone feed) swaps it, every DNS receive loop reads
/// it lock-free. Until the first snapshot is published there is none, and the server does not answer.
/// </summary>
public sealed class ZoneSnapshotHolder
{
    private readonly TaskCompletionSource _first = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ZoneSnapshot? _current;

    /// <summary>The latest snapshot, or null before the first.</summary>
    public ZoneSnapshot? Current => Volatile.Read(ref _current);

    /// <summary>Completes when the first snapshot is published.</summary>
    public Task FirstPublished => _first.Task;

    public void Publish(ZoneSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        Volatile.Write(ref _current, snapshot);
        _first.TrySetResult();
    }
}
