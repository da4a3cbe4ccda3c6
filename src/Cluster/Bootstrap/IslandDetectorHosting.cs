using Akka.Hosting;

namespace XenMesh.Cluster.Bootstrap;

/// <summary>Starts the <see cref="IslandDetector"/> at <c>/user/</c><see cref="IslandDetector.Name"/>.</summary>
public static class IslandDetectorHosting
{
    /// <summary>
    /// For a member whose mesh is restarted when it terminates (the agent's <c>MeshIncarnations</c>): the detector
    /// ends an island by shutting the mesh down, and only a restart through the seeds merges it.
    /// </summary>
    public static AkkaConfigurationBuilder WithIslandDetector(this AkkaConfigurationBuilder builder, TimeSpan interval)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithActors((system, _) => system.ActorOf(IslandDetector.Props(interval), IslandDetector.Name));
    }
}
