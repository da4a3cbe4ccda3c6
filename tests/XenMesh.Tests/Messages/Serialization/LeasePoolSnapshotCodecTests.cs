using System.Net;
using System.Runtime.Serialization;
using System.Text.Json;
using XenMesh.Messages.Leases;
using XenMesh.Messages.Serialization;
using XenMesh.Messages.Values;
using static XenMesh.Messages.Leases.LeaseEvents;

namespace XenMesh.Tests.Messages.Serialization;

public sealed class LeasePoolSnapshotCodecTests
{
    /// <summary>The serializer's JSON form, which snapshots had under manifest ls1.</summary>
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General) { Converters = { new MacAddressJsonConverter(), new Ipv4AddressJsonConverter() } };

    private static readonly DateTimeOffset Bound = new(2026, 1, 1, 12, 30, 0, TimeSpan.FromHours(2));

    internal static readonly LeasePoolSnapshot Sample = new(
        [
            new LeaseCommitted(IPAddress.Parse("192.168.0.17"), MacAddress.Parse("00:16:3e:12:34:56"), "01aabbccddeeff", "vif7.0", "xen1", LeaseNameSource.XenDomain, Bound, Bound.AddDays(3)),
            new LeaseCommitted(IPAddress.Parse("192.168.0.18"), MacAddress.Parse("02:00:00:00:00:07"), null, null, null, LeaseNameSource.None, Bound.ToUniversalTime(), Bound.AddHours(1)),
        ],
        [new LeaseCommitted(IPAddress.Parse("192.168.0.20"), MacAddress.Parse("00:16:3e:00:00:20"), null, "vif9.0", "störe", LeaseNameSource.HostName, Bound, Bound)],
        [new AddressDeclined(IPAddress.Parse("192.168.0.30"), MacAddress.Parse("00:16:3e:12:34:56"), "01aabb", null, Bound.AddHours(1))],
        [new ReservationAdded(IPAddress.Parse("192.168.0.50"), MacAddress.Parse("00:16:3e:12:34:57"), "web"), new ReservationAdded(IPAddress.Parse("192.168.0.51"), MacAddress.Parse("00:16:3e:12:34:58"), null)]);

    [Fact]
    public void A_snapshot_reads_back_with_every_field_and_time_offset()
    {
        var back = LeasePoolSnapshotCodec.Read(LeasePoolSnapshotCodec.Write(Sample));

        XenMeshSerializerTests.AssertSameContent(Sample, back);
        Assert.Equal(
            Sample.Leases.Concat(Sample.Ended).SelectMany(l => new[] { l.BoundSince.Offset, l.Expires.Offset }),
            back.Leases.Concat(back.Ended).SelectMany(l => new[] { l.BoundSince.Offset, l.Expires.Offset }));
        Assert.Equal(Sample.Quarantined[0].QuarantinedUntil.Offset, back.Quarantined[0].QuarantinedUntil.Offset);
    }

    [Fact]
    public void Snapshots_without_reservations_keep_the_difference_between_none_and_empty()
    {
        Assert.Null(LeasePoolSnapshotCodec.Read(LeasePoolSnapshotCodec.Write(new LeasePoolSnapshot([], [], []))).Reserved);
        Assert.Empty(LeasePoolSnapshotCodec.Read(LeasePoolSnapshotCodec.Write(new LeasePoolSnapshot([], [], [], []))).Reserved!);
    }

    [Fact]
    public void A_lease_takes_a_fraction_of_its_json_size()
    {
        var leases = Enumerable.Range(0, 1000)
            .Select(i => new LeaseCommitted(Ipv4Subnet.ToAddress(0x0a580100u + (uint)i), MacAddress.Parse($"00:0c:01:00:{i >> 8:x2}:{i & 0xff:x2}"), null, null, null, LeaseNameSource.None, Bound, Bound.AddDays(3)))
            .ToList();
        var snapshot = new LeasePoolSnapshot(leases, [], [], []);
        var json = JsonSerializer.SerializeToUtf8Bytes(snapshot, Json);

        var bytes = LeasePoolSnapshotCodec.Write(snapshot);

        Assert.InRange(bytes.Length, 1, 40 * leases.Count);
        Assert.True(bytes.Length * 4 < json.Length, $"{bytes.Length} bytes against {json.Length} as JSON");
        Assert.Equal(leases, LeasePoolSnapshotCodec.Read(bytes).Leases);
    }

    [Fact]
    public void Every_truncation_and_any_trailing_byte_is_a_serialization_exception()
    {
        var bytes = LeasePoolSnapshotCodec.Write(Sample);

        for (var length = 0; length < bytes.Length; length++)
            Assert.Throws<SerializationException>(() => LeasePoolSnapshotCodec.Read(bytes[..length]));
        Assert.Throws<SerializationException>(() => LeasePoolSnapshotCodec.Read([.. bytes, 0]));
    }

    [Fact]
    public void A_multicast_mac_or_a_count_beyond_the_bytes_is_a_serialization_exception()
    {
        var bytes = LeasePoolSnapshotCodec.Write(new LeasePoolSnapshot([Sample.Leases[1]], [], []));
        var multicast = bytes.ToArray();
        multicast[1 + 4] = 0x01;

        Assert.Throws<SerializationException>(() => LeasePoolSnapshotCodec.Read(multicast));
        Assert.Throws<SerializationException>(() => LeasePoolSnapshotCodec.Read([0xff, 0xff, 0xff, 0x7f, 0, 0, 0]));
    }
}
