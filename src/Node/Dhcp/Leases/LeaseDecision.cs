using static XenMesh.Messages.Leases.LeaseEvents;
using static XenMesh.Node.Dhcp.Leases.LeaseNameChanges;
using static XenMesh.Node.Dhcp.Leases.LeasePoolProtocol;

namespace XenMesh.Node.Dhcp.Leases;

/// <summary>
/// The outcome of one pool command: events to journal (maybe none), the reply to send once they are
/// journaled, and the name changes to publish then.
/// </summary>
public sealed record LeaseDecision(IReadOnlyList<ILeaseEvent> Events, ILeasePoolReply Reply, IReadOnlyList<ILeaseNameChange> NameChanges);
