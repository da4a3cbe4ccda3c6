using Akka.Actor;

namespace XenMesh.Cluster.Bootstrap;

/// <summary>
/// Why the island detector shut this member's mesh down: it was in the smaller of two clusters, and the
/// agent's next incarnation joins the larger through the seeds (never itself).
/// </summary>
public sealed class IslandMergeReason : CoordinatedShutdown.Reason
{
    public static readonly IslandMergeReason Instance = new();

    private IslandMergeReason()
    {
    }

    /// <summary>Only the mesh's ActorSystem ends, never the process (<c>exit-clr</c> is off).</summary>
    public override int ExitCode => 0;
}
