using System.Text.Json;
using System.Text.Json.Serialization;
using Akka.Actor;

namespace XenMesh.Messages.Serialization;

/// <summary>
/// An actor reference as its full path with address and uid, resolved again by the receiving system:
/// the form Akka's own serializers use, so a reference sent across the network points back at its actor.
/// <see cref="ActorRefs.Nobody"/> has no such path and is written as the empty string.
/// </summary>
public sealed class ActorRefJsonConverter(ExtendedActorSystem system) : JsonConverter<IActorRef>
{
    public override IActorRef Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var path = reader.GetString();
        if (path == "")
            return ActorRefs.Nobody;
        if (path is null || !ActorPath.TryParse(path, out _))
            throw new JsonException($"'{path}' is not an actor path");
        return system.Provider.ResolveActorRef(path);
    }

    public override void Write(Utf8JsonWriter writer, IActorRef value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.IsNobody() ? "" : Akka.Serialization.Serialization.SerializedActorPath(value));
    }
}
