using System.Net;

namespace XenMesh.Messages.Names;

/// <summary>
/// One host's claim on a DNS name: a guest's lease, or the dom0's own name. A host holds at most one claim
/// per (<paramref name="HostId"/>, <paramref name="Guest"/>) on a name.
/// </summary>
/// <param name="HostId">The claiming dom0's host id.</param>
/// <param name="Guest">Who on that host wants the name: the lease's MAC, or <see cref="Dom0Guest"/>.</param>
/// <param name="Address">Where the name should point.</param>
/// <param name="Since">The claim's original time (the lease's first binding); earlier claims win.</param>
/// <param name="Source">Where the name came from (<c>XenDomain</c>, <c>HostName</c>, <c>dom0</c>, ...).</param>
/// <param name="Node">The claiming member's Akka address, so replicas drop claims of removed members.</param>
/// <param name="NodeUid">That member's incarnation: a restarted host on the same address is another member.</param>
public sealed record NameClaim(
    string HostId,
    string Guest,
    IPAddress Address,
    DateTimeOffset Since,
    string Source,
    string Node,
    int NodeUid)
{
    /// <summary>The <see cref="Guest"/> of a dom0's claim on its own name.</summary>
    public const string Dom0Guest = "dom0";

    /// <summary>
    /// The <see cref="Since"/> of a dom0's own name: before any lease, so a guest never takes a host's name
    /// (DESIGN.md, Names: each dom0's own name is reserved).
    /// </summary>
    public static readonly DateTimeOffset Dom0Since = DateTimeOffset.UnixEpoch;
}
