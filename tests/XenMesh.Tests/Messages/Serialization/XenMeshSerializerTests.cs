using System.Net;
using System.Reflection;
using System.Runtime.Serialization;
using System.Text;
using Akka.Hosting;
using XenMesh.Messages;
using XenMesh.Messages.Leases;
using XenMesh.Messages.Serialization;
using XenMesh.Messages.Values;
using static XenMesh.Messages.Leases.LeaseEvents;
using static XenMesh.Messages.Vifs.VifRegistryEvents;

namespace XenMesh.Tests.Messages.Serialization;

public sealed class XenMeshSerializerTests : Akka.Hosting.TestKit.TestKit
{
    private static readonly DateTimeOffset Bound = new(2026, 1, 1, 12, 30, 0, TimeSpan.Zero);

    private static readonly LeaseCommitted Committed = new(
        IPAddress.Parse("192.168.0.17"), MacAddress.Parse("00:16:3e:12:34:56"), "01aabbccddeeff", "vif7.0", "xen1", LeaseNameSource.XenDomain, Bound, Bound.AddDays(3));

    /// <summary>One instance of every wire type, with every optional field set.</summary>
    public static readonly TheoryData<IXenMeshWireMessage> Samples =
    [
        new VifRegistered("vif5.0", 5, 0, MacAddress.Parse("aa:cc:00:00:00:01"), "xen1", Guid.Parse("6f1c3ea4-0b6e-4a52-9a43-3c5e2d1b7f00"), "br0", 9000),
        new VifRegistered("web0", 7, 1, MacAddress.Parse("00:16:3e:00:00:02"), null, null, "br0", null),
        new VifForgotten("vif5.0", 5, 0),
        new VifRegistrySnapshot([new VifRegistered("vif5.0", 5, 0, MacAddress.Parse("aa:cc:00:00:00:01"), "xen1", null, "br0", null)]),
        new VifRegistrySnapshot([]),
        Committed,
        new LeaseCommitted(IPAddress.Parse("10.1.0.7"), MacAddress.Parse("02:00:00:00:00:07"), null, null, null, LeaseNameSource.None, Bound, Bound.AddHours(1)),
        new LeaseReleased(IPAddress.Parse("192.168.0.17"), MacAddress.Parse("00:16:3e:12:34:56")),
        new LeaseExpired(IPAddress.Parse("192.168.0.17"), MacAddress.Parse("00:16:3e:12:34:56")),
        new AddressDeclined(IPAddress.Parse("192.168.0.18"), MacAddress.Parse("00:16:3e:12:34:56"), "01aabb", "vif7.0", Bound.AddHours(1)),
        new AddressDeclined(IPAddress.Parse("10.1.0.9"), MacAddress.Parse("02:00:00:00:00:09"), null, null, Bound),
        new LeasePoolSnapshot(
            [Committed],
            [Committed with { Address = IPAddress.Parse("192.168.0.20"), Name = null, NameSource = LeaseNameSource.None }],
            [new AddressDeclined(IPAddress.Parse("192.168.0.18"), MacAddress.Parse("00:16:3e:12:34:56"), null, "vif7.0", Bound.AddHours(1))]),
        new LeasePoolSnapshot([], [], []),
        new ReservationAdded(IPAddress.Parse("192.168.0.50"), MacAddress.Parse("00:16:3e:12:34:56"), "web"),
        new ReservationAdded(IPAddress.Parse("192.168.0.51"), MacAddress.Parse("00:16:3e:12:34:57"), null),
        new ReservationRemoved(IPAddress.Parse("192.168.0.50"), MacAddress.Parse("00:16:3e:12:34:56")),
        new LeasePoolSnapshot([], [], [], [new ReservationAdded(IPAddress.Parse("192.168.0.50"), MacAddress.Parse("00:16:3e:12:34:56"), "web")]),
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
        if (message is not (VifRegistrySnapshot or LeasePoolSnapshot))
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
