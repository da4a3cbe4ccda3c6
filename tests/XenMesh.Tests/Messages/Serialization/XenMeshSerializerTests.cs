using System.Net;
using System.Reflection;
using System.Runtime.Serialization;
using System.Text;
using System.Text.Json;
using Akka.Hosting;
using Akka.Actor;
using XenMesh.Messages;
using XenMesh.Messages.Hosts;
using XenMesh.Messages.Names;
using XenMesh.Messages.Leases;
using XenMesh.Messages.Serialization;
using XenMesh.Messages.Values;
using static XenMesh.Messages.Leases.LeaseEvents;
using static XenMesh.Messages.Membership.IslandMessages;
using static XenMesh.Messages.Names.NameRegistryMessages;
using static XenMesh.Messages.Routes.GatewayMessages;
using static XenMesh.Messages.Vifs.VifRegistryEvents;

namespace XenMesh.Tests.Messages.Serialization;

public sealed class XenMeshSerializerTests : Akka.Hosting.TestKit.TestKit
{
    private static readonly DateTimeOffset Bound = new(2026, 1, 1, 12, 30, 0, TimeSpan.Zero);

    private static readonly LeaseCommitted Committed = new(
        IPAddress.Parse("192.168.0.17"), MacAddress.Parse("00:16:3e:12:34:56"), "01aabbccddeeff", "vif7.0", "xen1", LeaseNameSource.XenDomain, Bound, Bound.AddDays(3));

    private static readonly NameClaim Claim = new("kubikal", "00:16:3e:12:34:56", IPAddress.Parse("192.168.0.17"), Bound, "XenDomain", "akka.tcp://xenmesh@192.168.11.100:4053", 1_234_567);

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
        new ClaimName("xen1.xen", Claim, ActorRefs.Nobody),
        new WithdrawName("xen1.xen", "kubikal", "00:16:3e:12:34:56"),
        new NameRecord("xen1.xen", Claim, [Claim with { HostId = "rack2", Guest = "00:16:3e:00:00:09", Address = IPAddress.Parse("192.168.1.7") }]),
        new NameRecord("kubikal.xen", Claim with { Guest = NameClaim.Dom0Guest, Since = NameClaim.Dom0Since, Source = "dom0" }, []),
        new NameRecord("gone.xen", Claim, []) { Withdrawn = true },
        NameBucket.Empty
            .Set(new NameRecord("xen1.xen", Claim, []), "akka.tcp://xenmesh@192.168.11.100:4053#-7", 638_999_000_000_000_000)
            .Set(new NameRecord("gone.xen", Claim, []) { Withdrawn = true }, "akka.tcp://xenmesh@192.168.11.101:4053#9", 638_999_000_000_000_001)
            .ResetDelta(),
        NameBucket.Empty,
        new NameBucketKey("xm-name-bucket-336"),
        NameBucket.Empty.Set(new NameRecord("xen1.xen", Claim, []), "akka.tcp://xenmesh@192.168.11.100:4053#-7", 1).Delta!,
        new HostRecord("kubikal", "192.168.0.0/24", "192.168.11.100", Bound, 12, "akka.tcp://xenmesh@192.168.11.100:4053", -1_234_567),
        new HostRecord("rack2", "192.168.1.0/24", null, Bound, 0, "akka.tcp://xenmesh@192.168.11.101:4053", 42),
        new SupernetMessages.AssignSubnet("10.77.0.0/16", "kubikal"),
        new SupernetMessages.SubnetAssigned("10.77.0.0/16", "kubikal", "10.77.3.0/24", null),
        new SupernetMessages.SubnetAssigned("10.77.0.0/23", "rack3", null, "no free /24 left"),
        new SupernetMessages.SubnetAssignment("kubikal", "10.77.3.0/24", Bound),
        new RegisterSpeaker("192.168.11.254", "kubikal", ActorRefs.Nobody),
        new GatewayTable("192.168.11.254", [
            new GatewayRoute("kubikal", "192.168.0.0/24", "192.168.11.100", "akka.tcp://xenmesh@192.168.11.100:4053", -7),
            new GatewayRoute("rack2", "192.168.1.0/24", "192.168.11.101", "akka.tcp://xenmesh@192.168.11.101:4053", 42)]),
        new GatewayTable("224.0.0.9", []),
        new ProbeCluster([new ClusterMember("akka.tcp://xenmesh@192.168.11.100:4053", -1_234_567, true)]),
        new ClusterView([
            new ClusterMember("akka.tcp://xenmesh@192.168.11.100:4053", 7, false),
            new ClusterMember("akka.ssl.tcp://xenmesh@192.168.11.101:4053", 42, true)]),
        new ClusterView([]),
    ];

    /// <summary>Record equality compares lists and actor references by reference; this compares what the wire carries.</summary>
    private static void AssertSameEntries(IEnumerable<NameBucketEntry> expected, IEnumerable<NameBucketEntry> actual)
    {
        var back = actual.ToList();
        Assert.Equal(expected.Select(e => (e.Record.Fqdn, e.Timestamp, e.Node)), back.Select(e => (e.Record.Fqdn, e.Timestamp, e.Node)));
        foreach (var (one, other) in expected.Zip(back))
            AssertSameContent(one.Record, other.Record);
    }

    internal static void AssertSameContent(IXenMeshWireMessage expected, object actual)
    {
        switch (expected)
        {
            case VifRegistrySnapshot snapshot:
                Assert.Equal(snapshot.Vifs, ((VifRegistrySnapshot)actual).Vifs);
                break;
            case LeasePoolSnapshot leases:
                var copy = (LeasePoolSnapshot)actual;
                Assert.Equal(leases.Leases, copy.Leases);
                Assert.Equal(leases.Ended, copy.Ended);
                Assert.Equal(leases.Quarantined, copy.Quarantined);
                Assert.Equal(leases.Reserved ?? [], copy.Reserved ?? []);
                break;
            case NameRecord record:
                var back = (NameRecord)actual;
                Assert.Equal((record.Fqdn, record.Owner, record.Withdrawn), (back.Fqdn, back.Owner, back.Withdrawn));
                Assert.Equal(record.Rejected, back.Rejected);
                break;
            case NameBucket bucket:
                AssertSameEntries(bucket.Entries, ((NameBucket)actual).Entries);
                break;
            case NameBucketDelta delta:
                AssertSameEntries(delta.Entries, ((NameBucketDelta)actual).Entries);
                break;
            case ClaimName claim:
                var claimBack = (ClaimName)actual;
                Assert.Equal((claim.Fqdn, claim.Claim), (claimBack.Fqdn, claimBack.Claim));
                Assert.Equal(claim.Claimant.Path.ToStringWithoutAddress(), claimBack.Claimant.Path.ToStringWithoutAddress());
                break;
            case RegisterSpeaker register:
                var registerBack = (RegisterSpeaker)actual;
                Assert.Equal((register.Gateway, register.HostId), (registerBack.Gateway, registerBack.HostId));
                Assert.Equal(register.Feed.Path.ToStringWithoutAddress(), registerBack.Feed.Path.ToStringWithoutAddress());
                break;
            case GatewayTable table:
                var tableBack = (GatewayTable)actual;
                Assert.Equal(table.Gateway, tableBack.Gateway);
                Assert.Equal(table.Routes, tableBack.Routes);
                break;
            case ProbeCluster probe:
                Assert.Equal(probe.Members, ((ProbeCluster)actual).Members);
                break;
            case ClusterView view:
                Assert.Equal(view.Members, ((ClusterView)actual).Members);
                break;
            default:
                Assert.Equal(expected, actual);
                break;
        }
    }

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
        AssertSameContent(message, back);
    }

    /// <summary>Replicas compare a key by a digest of its bytes: the same entries must serialise alike however they got there.</summary>
    [Fact]
    public void A_bucket_serialises_to_the_same_bytes_whatever_order_its_names_were_written_or_merged_in()
    {
        var entries = Enumerable.Range(0, 12)
            .Select(i => new NameBucketEntry(new NameRecord($"n{i}.xen", Claim, []), 1_000 + i, $"akka.tcp://xenmesh@10.0.0.{i % 3}:4053#1"))
            .ToList();
        var forwards = entries.Aggregate(NameBucket.Empty, (b, e) => b.Merge(new NameBucket([e])));
        var backwards = new NameBucket(Enumerable.Reverse(entries));
        var serializer = Sys.Serialization.FindSerializerFor(forwards);

        Assert.Equal(serializer.ToBinary(forwards), serializer.ToBinary(backwards));
    }

    [Fact]
    public void A_claimant_reference_resolves_back_to_the_same_actor()
    {
        var claim = new ClaimName("xen1.xen", Claim, TestActor);
        var serializer = Sys.Serialization.FindSerializerFor(claim);

        var back = (ClaimName)Sys.Serialization.Deserialize(serializer.ToBinary(claim), serializer.Identifier, Akka.Serialization.Serialization.ManifestFor(serializer, claim));

        Assert.Equal(TestActor, back.Claimant);
        back.Claimant.Tell("hello");
        ExpectMsg("hello", TimeSpan.FromSeconds(5), cancellationToken: TestContext.Current.CancellationToken);
    }

    [Fact]
    public void A_path_that_is_not_an_actor_path_is_a_serialization_exception()
    {
        var serializer = new XenMeshSerializer((Akka.Actor.ExtendedActorSystem)Sys);
        var json = "{\"Fqdn\":\"a.xen\",\"Claim\":{\"HostId\":\"h\",\"Guest\":\"g\",\"Address\":\"10.0.0.1\",\"Since\":\"2026-01-01T00:00:00+00:00\",\"Source\":\"dom0\",\"Node\":\"n\",\"NodeUid\":1},\"Claimant\":\"System.Object\"}";

        Assert.Throws<SerializationException>(() => serializer.FromBinary(Encoding.UTF8.GetBytes(json), "nc1"));
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
        Assert.Equal(WireManifests.TypesByManifest.Count - WireManifests.Superseded.Count, WireManifests.ManifestsByType.Count);
        Assert.All(WireManifests.Superseded, m => Assert.True(WireManifests.TypesByManifest.ContainsKey(m), $"{m} is superseded but no longer read"));
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
    public void A_snapshot_written_as_json_before_still_reads()
    {
        var serializer = new XenMeshSerializer((Akka.Actor.ExtendedActorSystem)Sys);

        var back = serializer.FromBinary(JsonSerializer.SerializeToUtf8Bytes(LeasePoolSnapshotCodecTests.Sample, LeasePoolSnapshotCodecTests.Json), "ls1");

        XenMeshSerializerTests.AssertSameContent(LeasePoolSnapshotCodecTests.Sample, back);
        Assert.Equal(LeasePoolSnapshotCodec.Manifest, serializer.Manifest(LeasePoolSnapshotCodecTests.Sample));
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
