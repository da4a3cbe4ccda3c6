using Akka.Hosting;
using XenMesh.Messages.Names;

namespace XenMesh.Messages.Serialization;

/// <summary>Binds <see cref="XenMeshSerializer"/> to <see cref="IXenMeshWireMessage"/> and closes the fallback.</summary>
public static class XenMeshSerializationHosting
{
    /// <summary>
    /// <see cref="NameBucketKey"/> is bound by its exact type as well: it is also an Akka key, which Akka binds to its own
    /// serialiser by an interface, and of two interface bindings Akka takes whichever it finds first.
    /// Besides the bindings, turns <c>allow-unregistered-types</c> off: a type with no explicit binding
    /// then fails to serialize instead of silently falling back to Newtonsoft JSON with type names.
    /// </summary>
    public static AkkaConfigurationBuilder WithXenMeshSerialization(this AkkaConfigurationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder
            .AddHocon("akka.actor.serialization-settings.allow-unregistered-types = false", HoconAddMode.Prepend)
            .WithCustomSerializer(XenMeshSerializer.Name, [typeof(IXenMeshWireMessage), typeof(NameBucketKey)], system => new XenMeshSerializer(system));
    }
}
