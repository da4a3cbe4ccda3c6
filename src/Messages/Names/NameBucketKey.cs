using Akka.DistributedData;

namespace XenMesh.Messages.Names;

/// <summary>
/// The DData key of one <see cref="NameBucket"/>. Keys travel only to the local replicator, but Akka serialises them
/// in its <c>Get</c>, <c>Update</c> and <c>Subscribe</c> messages when <c>serialize-messages</c> is on, and its own
/// serialiser knows only its own key types: <c>XenMeshSerializationHosting</c> binds this one to ours by its exact type.
/// </summary>
public sealed class NameBucketKey(string id) : Key<NameBucket>(id), IXenMeshWireMessage;
