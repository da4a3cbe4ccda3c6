using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster;
using Akka.DistributedData;
using Akka.Event;
using XenMesh.Messages.Names;
using static XenMesh.Messages.Names.NameRegistryMessages;

namespace XenMesh.Cluster.Names;

/// <summary>
/// This node's read model of every name: subscribes to the registry's DData keys and to membership, and
/// swaps a new <see cref="NameTable"/> into the <see cref="ZoneView"/> (and onto the EventStream) whenever
/// either changes. A claim counts only while its member is joining or up: a host that leaves loses its names
/// at once, a crashed one when it is downed, and the best live rejected claim (already in the record, in
/// ownership order) takes over without waiting for the entity to republish.
/// A bucket change updates only the names that changed in it (the table is persistent, so that is
/// O(changed · log n), not a rebuild of every name); a membership change, which can change any name, rebuilds
/// all. Changes already in the mailbox (the replicator notifies each changed key separately) are published
/// together as one table, which names the changed names (<see cref="NameTable.Changed"/>) so that the DNS zone
/// feed, too, updates only those.
/// </summary>
public sealed class ZoneReplica : ReceiveActor
{
    private readonly ZoneView _view;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, NameBucket> _buckets = [];
    private readonly Dictionary<UniqueAddress, MemberStatus> _members = [];
    private readonly HashSet<string> _changed = new(StringComparer.Ordinal);
    private HashSet<(string Node, int Uid)> _live = [];
    private ImmutableSortedDictionary<string, NameRecord> _names = NameTable.Empty.Names;
    private bool _membershipChanged;
    private bool _publishPending;
    private long _version;

    public ZoneReplica(ZoneView view)
    {
        _view = view;
        Receive<Changed>(c =>
        {
            if (c.Key is NameBucketKey key)
            {
                var bucket = c.Get(key);
                if (_buckets.TryGetValue(key.Id, out var before))
                    _changed.UnionWith(ChangedNames(before, bucket));
                else
                    _changed.UnionWith(bucket.ByName.Keys);
                _buckets[key.Id] = bucket;
                PublishSoon();
            }
        });
        Receive<ClusterEvent.CurrentClusterState>(s =>
        {
            _members.Clear();
            foreach (var m in s.Members)
                _members[m.UniqueAddress] = m.Status;
            MembershipChanged();
        });
        Receive<ClusterEvent.MemberRemoved>(e =>
        {
            _members.Remove(e.Member.UniqueAddress);
            MembershipChanged();
        });
        Receive<ClusterEvent.IMemberEvent>(e =>
        {
            _members[e.Member.UniqueAddress] = e.Member.Status;
            MembershipChanged();
        });
        Receive<PublishPending>(_ =>
        {
            _publishPending = false;
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

    /// <summary>
    /// The names whose entry differs between two states of one bucket: a bucket only adds and replaces entries, and an
    /// entity writes a name only when its record changes, so a name changed when its entry is another write.
    /// </summary>
    internal static IEnumerable<string> ChangedNames(NameBucket before, NameBucket after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        foreach (var (fqdn, entry) in after.ByName)
        {
            if (!before.ByName.TryGetValue(fqdn, out var earlier) || !earlier.IsSameWrite(entry))
                yield return fqdn;
        }
    }

    private void MembershipChanged()
    {
        _membershipChanged = true;
        PublishSoon();
    }

    /// <summary>Publishes after the messages already in the mailbox, so that a burst of changes makes one table.</summary>
    private void PublishSoon()
    {
        if (_publishPending)
            return;
        _publishPending = true;
        Self.Tell(PublishPending.Instance);
    }

    private void Publish()
    {
        IReadOnlySet<string>? changed = null;
        if (_membershipChanged)
        {
            _membershipChanged = false;
            _changed.Clear();
            _live = [.. _members
                .Where(kv => kv.Value is MemberStatus.Joining or MemberStatus.WeaklyUp or MemberStatus.Up)
                .Select(kv => (kv.Key.Address.ToString(), kv.Key.Uid))];
            var all = ImmutableSortedDictionary.CreateBuilder<string, NameRecord>(StringComparer.Ordinal);
            foreach (var record in _buckets.Values.SelectMany(b => b.Entries).Select(e => e.Record))
            {
                if (LiveView(record, _live) is { } view)
                    all[view.Fqdn] = view;
            }

            _names = all.ToImmutable();
        }
        else if (_changed.Count > 0)
        {
            var names = _names.ToBuilder();
            foreach (var fqdn in _changed)
            {
                if (_buckets.TryGetValue(NameBuckets.For(fqdn).Id, out var bucket) && bucket.TryGetRecord(fqdn, out var record)
                    && LiveView(record, _live) is { } view)
                    names[fqdn] = view;
                else
                    names.Remove(fqdn);
            }

            changed = new HashSet<string>(_changed, StringComparer.Ordinal);
            _changed.Clear();
            _names = names.ToImmutable();
        }
        else
        {
            return;
        }

        var snapshot = new NameTable(_names, ++_version, changed);
        _view.Swap(snapshot);
        Context.System.EventStream.Publish(snapshot);
        _log.Debug("Zone replica version {Version}: {Names} names", snapshot.Version, snapshot.Names.Count);
    }

    /// <summary>The record with only live members' claims, the first of them owning; null when none is live or the name is withdrawn.</summary>
    internal static NameRecord? LiveView(NameRecord record, IReadOnlySet<(string Node, int Uid)> live)
    {
        if (record.Withdrawn)
            return null;
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

    private sealed class PublishPending
    {
        public static readonly PublishPending Instance = new();

        private PublishPending()
        {
        }
    }
}
