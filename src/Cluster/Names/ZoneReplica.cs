using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster;
using Akka.DistributedData;
using Akka.Event;
using static XenMesh.Messages.Names.NameRegistryMessages;

namespace XenMesh.Cluster.Names;

/// <summary>
/// This node's read model of every name: subscribes to the registry's DData keys and to membership, and
/// swaps a new <see cref="NameTable"/> into the <see cref="ZoneView"/> (and onto the EventStream) whenever
/// either changes. A claim counts only while its member is joining or up: a host that leaves loses its names
/// at once, a crashed one when it is downed, and the best live rejected claim (already in the record, in
/// ownership order) takes over without waiting for the entity to republish.
/// </summary>
public sealed class ZoneReplica : ReceiveActor
{
    private readonly ZoneView _view;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, IImmutableDictionary<string, NameRecord>> _buckets = [];
    private readonly Dictionary<UniqueAddress, MemberStatus> _members = [];
    private long _version;

    public ZoneReplica(ZoneView view)
    {
        _view = view;
        Receive<Changed>(c =>
        {
            if (c.Key is LWWDictionaryKey<string, NameRecord> key)
            {
                _buckets[key.Id] = c.Get(key).Entries;
                Publish();
            }
        });
        Receive<ClusterEvent.CurrentClusterState>(s =>
        {
            _members.Clear();
            foreach (var m in s.Members)
                _members[m.UniqueAddress] = m.Status;
            Publish();
        });
        Receive<ClusterEvent.MemberRemoved>(e =>
        {
            _members.Remove(e.Member.UniqueAddress);
            Publish();
        });
        Receive<ClusterEvent.IMemberEvent>(e =>
        {
            _members[e.Member.UniqueAddress] = e.Member.Status;
            Publish();
        });
        Receive<GetZone>(_ => Sender.Tell(_view.Current));
    }

    public static Props Props(ZoneView view) => Akka.Actor.Props.Create(() => new ZoneReplica(view));

    protected override void PreStart()
    {
        var replicator = DistributedData.Get(Context.System).Replicator;
        foreach (var key in NameBuckets.Keys)
            replicator.Tell(Dsl.Subscribe(key, Self));
        Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot, typeof(ClusterEvent.IMemberEvent));
    }

    protected override void PostStop() => Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);

    private void Publish()
    {
        var live = _members
            .Where(kv => kv.Value is MemberStatus.Joining or MemberStatus.WeaklyUp or MemberStatus.Up)
            .Select(kv => (kv.Key.Address.ToString(), kv.Key.Uid))
            .ToHashSet();
        var names = ImmutableSortedDictionary.CreateBuilder<string, NameRecord>(StringComparer.Ordinal);
        foreach (var record in _buckets.Values.SelectMany(b => b.Values))
        {
            if (LiveView(record, live) is { } view)
                names[view.Fqdn] = view;
        }

        var snapshot = new NameTable(names.ToImmutable(), ++_version);
        _view.Swap(snapshot);
        Context.System.EventStream.Publish(snapshot);
        _log.Debug("Zone replica version {Version}: {Names} names", snapshot.Version, snapshot.Names.Count);
    }

    /// <summary>The record with only live members' claims, the first of them owning; null when none is live.</summary>
    internal static NameRecord? LiveView(NameRecord record, IReadOnlySet<(string Node, int Uid)> live)
    {
        var claims = record.Rejected.Prepend(record.Owner).Where(c => live.Contains((c.Node, c.NodeUid))).ToList();
        return claims.Count == 0 ? null : new NameRecord(record.Fqdn, claims[0], claims[1..]);
    }

    /// <summary>Asks for the current <see cref="NameTable"/>.</summary>
    public sealed class GetZone : INoSerializationVerificationNeeded
    {
        public static readonly GetZone Instance = new();

        private GetZone()
        {
        }
    }
}
