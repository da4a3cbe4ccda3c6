using Akka.Hosting;

namespace XenMesh.Cluster.Hosts;

/// <summary>Starts this dom0's <see cref="HostRegistryActor"/>, registered as <see cref="HostRegistryActor"/>.</summary>
public static class HostRegistryHosting
{
    public static AkkaConfigurationBuilder WithHostRegistry(this AkkaConfigurationBuilder builder, HostRegistryOptions options, HostView view)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithActors((system, registry) =>
            registry.Register<HostRegistryActor>(system.ActorOf(HostRegistryActor.Props(options, view), "host-registry")));
    }
}
