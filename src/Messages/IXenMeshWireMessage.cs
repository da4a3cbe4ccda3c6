namespace XenMesh.Messages;

/// <summary>
/// Marks a message that leaves the process: a persisted event or snapshot, or (later) a message
/// between nodes. Every implementation needs a manifest in
/// <see cref="Serialization.WireManifests"/>; the <see cref="Serialization.XenMeshSerializer"/> bound
/// to this interface serializes nothing else.
/// </summary>
public interface IXenMeshWireMessage;
