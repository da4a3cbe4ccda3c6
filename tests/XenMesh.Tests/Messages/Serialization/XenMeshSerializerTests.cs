using System.Reflection;
using System.Runtime.Serialization;
using System.Text;
using Akka.Hosting;
using XenMesh.Messages;
using XenMesh.Messages.Serialization;
using XenMesh.Messages.Values;
using static XenMesh.Messages.Vifs.VifRegistryEvents;

namespace XenMesh.Tests.Messages.Serialization;

public sealed class XenMeshSerializerTests : Akka.Hosting.TestKit.TestKit
{
    /// <summary>One instance of every wire type, with every optional field set.</summary>
    public static readonly TheoryData<IXenMeshWireMessage> Samples =
    [
        new VifRegistered("vif5.0", 5, 0, MacAddress.Parse("aa:cc:00:00:00:01"), "xen1", Guid.Parse("6f1c3ea4-0b6e-4a52-9a43-3c5e2d1b7f00"), "br0", 9000),
        new VifRegistered("web0", 7, 1, MacAddress.Parse("00:16:3e:00:00:02"), null, null, "br0", null),
        new VifForgotten("vif5.0", 5, 0),
        new VifRegistrySnapshot([new VifRegistered("vif5.0", 5, 0, MacAddress.Parse("aa:cc:00:00:00:01"), "xen1", null, "br0", null)]),
        new VifRegistrySnapshot([]),
    ];

    protected override void ConfigureAkka(AkkaConfigurationBuilder builder, IServiceProvider provider) =>
        builder.WithXenMeshSerialization();

    [Theory]
    [MemberData(nameof(Samples))]
    public void Every_wire_type_round_trips_through_the_xenmesh_serializer(IXenMeshWireMessage message)
    {
        var serializer = Sys.Serialization.FindSerializerFor(message);
        Assert.IsType<XenMeshSerializer>(serializer);
        Assert.Equal(XenMeshSerializer.SerializerId, serializer.Identifier);

        var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, message);
        var bytes = serializer.ToBinary(message);
        var back = Sys.Serialization.Deserialize(bytes, serializer.Identifier, manifest);

        Assert.Equal(message.GetType(), back.GetType());
        Assert.Equal(Encoding.UTF8.GetString(bytes), Encoding.UTF8.GetString(serializer.ToBinary(back)));
        if (message is not VifRegistrySnapshot)
            Assert.Equal(message, back);
    }

    [Fact]
    public void Every_type_that_implements_the_marker_has_a_manifest()
    {
        var wireTypes = new[] { "XenMesh.Messages", "XenMesh.Cluster", "xenmesh" }
            .SelectMany(name => Assembly.Load(name).GetTypes())
            .Where(t => typeof(IXenMeshWireMessage).IsAssignableFrom(t) && t is { IsInterface: false, IsAbstract: false });
        Assert.All(wireTypes, t => Assert.True(WireManifests.ManifestsByType.ContainsKey(t), $"{t} implements IXenMeshWireMessage but has no manifest in WireManifests"));
    }

    [Fact]
    public void Every_manifest_is_short_unique_and_samples_cover_it()
    {
        Assert.All(WireManifests.TypesByManifest.Keys, m => Assert.InRange(m.Length, 1, 8));
        Assert.Equal(WireManifests.TypesByManifest.Count, WireManifests.ManifestsByType.Count);
        var sampled = Samples.Select(row => row.Data.GetType()).ToHashSet();
        Assert.All(WireManifests.TypesByManifest.Values, t => Assert.Contains(t, sampled));
    }

    [Fact]
    public void No_type_name_is_written()
    {
        var serializer = new XenMeshSerializer((Akka.Actor.ExtendedActorSystem)Sys);
        foreach (var row in Samples)
        {
            var json = Encoding.UTF8.GetString(serializer.ToBinary(row.Data));
            Assert.DoesNotContain("$type", json, StringComparison.Ordinal);
            Assert.DoesNotContain("XenMesh", json, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void An_unknown_manifest_is_a_serialization_exception()
    {
        var serializer = new XenMeshSerializer((Akka.Actor.ExtendedActorSystem)Sys);
        Assert.Throws<SerializationException>(() => serializer.FromBinary("{}"u8.ToArray(), "System.Object"));
        Assert.Throws<SerializationException>(() => serializer.FromBinary("{}"u8.ToArray(), "VR1"));
    }

    [Fact]
    public void Unreadable_bytes_are_a_serialization_exception()
    {
        var serializer = new XenMeshSerializer((Akka.Actor.ExtendedActorSystem)Sys);
        Assert.Throws<SerializationException>(() => serializer.FromBinary("{\"Mac\":\"01:00:00:00:00:00\"}"u8.ToArray(), "vr1"));
        Assert.Throws<SerializationException>(() => serializer.FromBinary("not json"u8.ToArray(), "vf1"));
        Assert.Throws<SerializationException>(() => serializer.FromBinary("null"u8.ToArray(), "vf1"));
    }

    [Fact]
    public void An_unbound_type_is_refused_by_our_serializer_and_has_no_fallback()
    {
        var serializer = new XenMeshSerializer((Akka.Actor.ExtendedActorSystem)Sys);
        var stranger = new Unbound("x");
        Assert.Throws<ArgumentException>(() => serializer.ToBinary(stranger));
        Assert.Throws<ArgumentException>(() => serializer.Manifest(stranger));
        Assert.ThrowsAny<SerializationException>(() => Sys.Serialization.FindSerializerFor(stranger));
    }

    [Fact]
    public void The_identifier_is_fixed_above_the_reserved_range()
    {
        var serializer = new XenMeshSerializer((Akka.Actor.ExtendedActorSystem)Sys);
        Assert.Equal(4711, serializer.Identifier);
        Assert.True(serializer.Identifier > 100);
    }

    private sealed record Unbound(string Value);
}
