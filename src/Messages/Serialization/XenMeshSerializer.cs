using System.Runtime.Serialization;
using System.Text.Json;
using Akka.Actor;
using Akka.Serialization;
using XenMesh.Messages.Leases;

namespace XenMesh.Messages.Serialization;

/// <summary>
/// The one serializer for <see cref="IXenMeshWireMessage"/>: System.Text.Json without type names, the
/// type chosen only by a manifest from the closed <see cref="WireManifests"/> map, so nothing read from
/// a journal or the network can name a .NET type to instantiate. The lease pool's snapshot is the one
/// exception to JSON (<see cref="LeasePoolSnapshotCodec"/>): it is the only message whose size grows with the pool.
/// </summary>
public sealed class XenMeshSerializer : SerializerWithStringManifest
{
    /// <summary>Stored with every journal row; never change it.</summary>
    public const int SerializerId = 4711;

    /// <summary>The serializer's name in <c>akka.actor.serializers</c>.</summary>
    public const string Name = "xenmesh";

    private readonly JsonSerializerOptions _options;

    public XenMeshSerializer(ExtendedActorSystem system)
        : base(system)
    {
        _options = new JsonSerializerOptions(JsonSerializerDefaults.General)
        {
            Converters = { new MacAddressJsonConverter(), new Ipv4AddressJsonConverter(), new ActorRefJsonConverter(system) },
            RespectNullableAnnotations = true,
        };
    }

    public override int Identifier => SerializerId;

    public override string Manifest(object o)
    {
        ArgumentNullException.ThrowIfNull(o);
        return WireManifests.ManifestsByType.TryGetValue(o.GetType(), out var manifest)
            ? manifest
            : throw new ArgumentException($"{o.GetType()} has no XenMesh wire manifest", nameof(o));
    }

    public override byte[] ToBinary(object obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        if (obj is LeaseEvents.LeasePoolSnapshot snapshot)
            return LeasePoolSnapshotCodec.Write(snapshot);
        return WireManifests.ManifestsByType.ContainsKey(obj.GetType())
            ? JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), _options)
            : throw new ArgumentException($"{obj.GetType()} has no XenMesh wire manifest", nameof(obj));
    }

    public override object FromBinary(byte[] bytes, string manifest)
    {
        if (!WireManifests.TypesByManifest.TryGetValue(manifest, out var type))
            throw new SerializationException($"unknown XenMesh wire manifest '{manifest}'");
        if (manifest == LeasePoolSnapshotCodec.Manifest)
            return LeasePoolSnapshotCodec.Read(bytes);
        try
        {
            return JsonSerializer.Deserialize(bytes, type, _options)
                ?? throw new SerializationException($"manifest '{manifest}' holds JSON null");
        }
        catch (JsonException e)
        {
            throw new SerializationException($"manifest '{manifest}': {e.Message}", e);
        }
    }
}
