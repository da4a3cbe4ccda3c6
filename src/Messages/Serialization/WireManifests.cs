using System.Collections.Frozen;
using XenMesh.Messages.Hosts;
using XenMesh.Messages.Leases;
using XenMesh.Messages.Membership;
using XenMesh.Messages.Names;
using XenMesh.Messages.Routes;
using XenMesh.Messages.Vifs;

namespace XenMesh.Messages.Serialization;

/// <summary>
/// The closed map between wire types and their manifests: the only types
/// <see cref="XenMeshSerializer"/> writes or reads. Manifests are short and constant; they are stored
/// in journals and must never be reused for another type. A breaking change to a type gets a new
/// manifest (<c>vr2</c>) and an event adapter that upcasts the old one; a type that only changes its
/// encoding gets a new manifest too, and the old one stays readable in <see cref="Superseded"/>.
/// </summary>
public static class WireManifests
{
    public static readonly FrozenDictionary<string, Type> TypesByManifest = new Dictionary<string, Type>
    {
        ["vr1"] = typeof(VifRegistryEvents.VifRegistered),
        ["vf1"] = typeof(VifRegistryEvents.VifForgotten),
        ["vs1"] = typeof(VifRegistryEvents.VifRegistrySnapshot),
        ["lc1"] = typeof(LeaseEvents.LeaseCommitted),
        ["lr1"] = typeof(LeaseEvents.LeaseReleased),
        ["le1"] = typeof(LeaseEvents.LeaseExpired),
        ["ld1"] = typeof(LeaseEvents.AddressDeclined),
        ["lv1"] = typeof(LeaseEvents.ReservationAdded),
        ["lu1"] = typeof(LeaseEvents.ReservationRemoved),
        ["ls1"] = typeof(LeaseEvents.LeasePoolSnapshot),
        [LeasePoolSnapshotCodec.Manifest] = typeof(LeaseEvents.LeasePoolSnapshot),
        ["nc1"] = typeof(NameRegistryMessages.ClaimName),
        ["nw1"] = typeof(NameRegistryMessages.WithdrawName),
        ["nr1"] = typeof(NameRegistryMessages.NameRecord),
        ["nb1"] = typeof(NameBucket),
        ["nd1"] = typeof(NameBucketDelta),
        ["nbk1"] = typeof(NameBucketKey),
        ["hr1"] = typeof(HostRecord),
        ["sq1"] = typeof(SupernetMessages.AssignSubnet),
        ["sg1"] = typeof(SupernetMessages.SubnetAssigned),
        ["sa1"] = typeof(SupernetMessages.SubnetAssignment),
        ["gr1"] = typeof(GatewayMessages.RegisterSpeaker),
        ["gt1"] = typeof(GatewayMessages.GatewayTable),
        ["ip1"] = typeof(IslandMessages.ProbeCluster),
        ["iv1"] = typeof(IslandMessages.ClusterView),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Manifests still read but no longer written: <c>ls1</c> is the lease pool snapshot as JSON, now <c>ls2</c>.</summary>
    public static readonly FrozenSet<string> Superseded = new[] { "ls1" }.ToFrozenSet(StringComparer.Ordinal);

    public static readonly FrozenDictionary<Type, string> ManifestsByType =
        TypesByManifest.Where(kv => !Superseded.Contains(kv.Key)).ToFrozenDictionary(kv => kv.Value, kv => kv.Key);
}
