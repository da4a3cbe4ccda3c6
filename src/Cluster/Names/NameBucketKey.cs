using Akka.DistributedData;
using XenMesh.Messages.Names;

namespace XenMesh.Cluster.Names;

/// <summary>The DData key of one <see cref="NameBucket"/>.</summary>
public sealed class NameBucketKey(string id) : Key<NameBucket>(id);
