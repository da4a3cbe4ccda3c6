using XenMesh.Node.Dhcp.Leases;
using XenMesh.Node.Filter;

namespace XenMesh.Node.Persistence;

/// <summary>
/// The one thread a lease's commit runs on: the lease pool (and the backoff supervisor in front of it)
/// decides, the SQLite journal commits and the bridge filter follows, each passing the next its message
/// through a mailbox on this same thread instead of waking another. On the DHCP benchmark, the wake-ups
/// between those threads were most of the agent's context switches (docs/benchmarks.md). While the journal
/// waits for its fsync, the requests that arrive queue up, and the next commit takes them all (group
/// commit). The actors are placed here by their paths, so their <c>Props</c> and tests need not know.
/// </summary>
internal static class CommitDispatcher
{
    public const string Id = "xenmesh.commit-dispatcher";

    public const string Hocon = $$"""
        {{Id}} {
            type = ForkJoinDispatcher
            throughput = 100
            dedicated-thread-pool { thread-count = 1, threadtype = background }
        }
        akka.actor.deployment {
            "/{{LeasePoolHosting.ActorName}}" { dispatcher = {{Id}} }
            "/{{LeasePoolHosting.ActorName}}/{{LeasePoolActor.ChildName}}" { dispatcher = {{Id}} }
            "/{{BridgeFilterHosting.ActorName}}" { dispatcher = {{Id}} }
        }
        """;
}
