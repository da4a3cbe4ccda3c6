using Akka.Hosting;

namespace XenMesh.Messages.Serialization;

/// <summary>Binds <see cref="XenMeshSerializer"/> to <see cref="IXenMeshWireMessage"/> and closes the fallback.</summary>
public static class XenMeshSerializationHosting
{
    /// <summary>
    /// Besides the binding, turns <c>allow-unregistered-types</c> off: a type with no explicit binding
    /// then fails to serialize instead of silently falling back to Newtonsoft JSON with type names.
    /// </summary>
    public static AkkaConfigurationBuilder WithXenMeshSerialization(this AkkaConfigurationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder
            .AddHocon("akka.actor.serialization-settings.allow-unregistered-types = false", HoconAddMode.Prepend)
            .WithCustomSerializer(XenMeshSerializer.Name, [typeof(IXenMeshWireMessage)], system => new XenMeshSerializer(system));
    }
}
