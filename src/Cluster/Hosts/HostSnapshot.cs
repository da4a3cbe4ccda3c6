using Akka.Actor;
using XenMesh.Messages.Hosts;

namespace XenMesh.Cluster.Hosts;

/// <summary>The dom0s of the mesh as this node's host registry sees them (live members only); also announced on the EventStream.</summary>
public sealed record HostSnapshot(IReadOnlyList<HostRecord> Hosts, IReadOnlyList<SubnetOverlap> Overlaps) : INoSerializationVerificationNeeded
{
    public static readonly HostSnapshot Empty = new([], []);
}
