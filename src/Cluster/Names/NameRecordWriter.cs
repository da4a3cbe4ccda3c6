using Akka.Actor;
using Akka.Cluster;
using Akka.DistributedData;
using Akka.Event;
using XenMesh.Cluster.Bootstrap;
using XenMesh.Messages.Names;
using static XenMesh.Messages.Names.NameRegistryMessages;

namespace XenMesh.Cluster.Names;

/// <summary>
/// Replicates the records of this node's name entities, one write in flight per bucket: changes that arrive
/// while a bucket's write is out go together in its next one.
/// <para>
/// The entities decide; this only carries. One <c>WriteAll</c> per name made the replicator start one write
/// aggregator, with its messages and acks to every member, per change; batching makes a burst of n names cost
/// about one write per bucket touched, not n. (With Akka's <c>LWWDictionary</c>, whose deltas must arrive in
/// order, concurrent aggregators of one bucket also made nearly every write fall back to the bucket's full
/// state; a <see cref="NameBucket"/>'s deltas need no order.)
/// </para>
/// <para>
/// An entity that stops (passivation, or its shard handed off to another node) first asks for a
/// <see cref="Flush"/>: its next incarnation starts from this node's or another node's replica, which must
/// already hold the entity's last record, or a name withdrawn a moment ago would come back.
/// </para>
/// <para>
/// A withdrawn name's record is not removed from its bucket: the writer marks it <see cref="NameRecord.Withdrawn"/>
/// (<see cref="Apply"/>). A <see cref="NameBucket"/> only adds and updates names, which is what lets it merge without
/// version vectors; the tombstones stay as long as the replicas do (nothing is durable): one record per withdrawn
/// name on every dom0.
/// </para>
/// <para>
/// At most <see cref="MaxWritesToAll"/> buckets have a <c>WriteAll</c> out at a time; a batch beyond that is written
/// locally and the replicator's delta propagation carries it (one message per member per tick for every bucket
/// changed in the meantime). A <c>WriteAll</c> costs a write aggregator and a message and an ack per member, and once
/// an ack takes longer than a fifth of the timeout the aggregator sends the write again to every member that has not
/// acked (with Akka's <c>LWWDictionary</c> that resend was the bucket's whole state; a <see cref="NameBucket"/>'s is
/// its delta). After a burst of 9 000 names on the <c>LWWDictionary</c> buckets the replicators had tens of seconds of
/// work queued: every <c>WriteAll</c> timed out, every write thus also shipped and merged whole buckets, and a new
/// entity's first read waited 36 s (median) behind that. The window keeps the steady state, where a write is acked in
/// milliseconds and rarely more than one is out, on <c>WriteAll</c>, and bounds what a burst adds to the replicators'
/// mailboxes.
/// A <see cref="Flush"/> always ends with a <c>WriteAll</c> of the bucket (its next write, or a write of the bucket
/// as it is when its last write was local), so an entity's next incarnation on another node reads its last record
/// as before.
/// </para>
/// <para>
/// While a dom0 replica is unreachable a <c>WriteAll</c> could only end in its timeout, holding the bucket's
/// next batch that long; the writer then writes locally and the replicator's delta propagation (every 400 ms
/// with the default 2 s gossip interval) carries the change to the members it can reach.
/// </para>
/// </summary>
public sealed class NameRecordWriter : ReceiveActor
{
    /// <summary>
    /// How many buckets may have a <c>WriteAll</c> out at once. In steady state (25 new names a second in
    /// <c>bench/mesh</c>) a write is acked in milliseconds and at most one or two are out; a burst goes beyond.
    /// </summary>
    public const int MaxWritesToAll = 4;

    private readonly NameRegistryOptions _options;
    private readonly IActorRef _replicator;
    private readonly string _self;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, Dictionary<string, NameRecord?>> _pending = [];

    // The buckets with a write out, and whether it is a WriteAll.
    private readonly Dictionary<string, bool> _inFlight = [];

    // Buckets whose last write was local: a Flush writes them to all.
    private readonly HashSet<string> _writtenLocally = [];

    // Buckets whose next write must be a WriteAll: an entity waits for it in a Flush.
    private readonly HashSet<string> _flushToAll = [];
    private readonly HashSet<UniqueAddress> _unreachable = [];
    private readonly Dictionary<string, List<IActorRef>> _flushedByNextWrite = [];
    private readonly Dictionary<string, List<IActorRef>> _flushedByCurrentWrite = [];
    private int _writesToAll;

    public NameRecordWriter(NameRegistryOptions options)
    {
        _options = options;
        _replicator = DistributedData.Get(Context.System).Replicator;
        var self = Akka.Cluster.Cluster.Get(Context.System).SelfUniqueAddress;
        _self = $"{self.Address}#{self.Uid}";

        Receive<Publish>(p =>
        {
            var key = NameBuckets.For(p.Fqdn);
            if (!_pending.TryGetValue(key.Id, out var batch))
                _pending[key.Id] = batch = new(StringComparer.Ordinal);
            batch[p.Fqdn] = p.Record;
            if (!_inFlight.ContainsKey(key.Id))
                Write(key);
        });
        Receive<Flush>(f =>
        {
            var key = NameBuckets.For(f.Fqdn);
            if (_inFlight.TryGetValue(key.Id, out var toAll) && toAll && !_pending.ContainsKey(key.Id))
            {
                Waiting(_flushedByCurrentWrite, key.Id).Add(Sender);
            }
            else if (_pending.ContainsKey(key.Id) || _inFlight.ContainsKey(key.Id) || _writtenLocally.Contains(key.Id))
            {
                // Written (or to be written) only locally so far: the next write of the bucket goes to all, even
                // with nothing new in it, and the entity waits for that one.
                if (!_pending.ContainsKey(key.Id))
                    _pending[key.Id] = new(StringComparer.Ordinal);
                _flushToAll.Add(key.Id);
                Waiting(_flushedByNextWrite, key.Id).Add(Sender);
                if (!_inFlight.ContainsKey(key.Id))
                    Write(key);
            }
            else
            {
                Sender.Tell(Flushed.Instance);
            }
        });
        Receive<UpdateSuccess>(s => Written(s.Key));
        Receive<UpdateTimeout>(t =>
        {
            _log.Debug("Names of {Bucket} not yet on every node; gossip completes them", t.Key.Id);
            Written(t.Key);
        });
        Receive<ModifyFailure>(f =>
        {
            _log.Error(f.Cause, "Names of {Bucket} could not be replicated", f.Key.Id);
            Written(f.Key);
        });
        // Only dom0s run replicas (a witness does not), so only they can hold up a WriteAll.
        Receive<ClusterEvent.UnreachableMember>(e =>
        {
            if (e.Member.HasRole(MeshRoles.Dom0))
                _unreachable.Add(e.Member.UniqueAddress);
        });
        Receive<ClusterEvent.ReachableMember>(e => _unreachable.Remove(e.Member.UniqueAddress));
        Receive<ClusterEvent.MemberRemoved>(e => _unreachable.Remove(e.Member.UniqueAddress));
    }

    public static Props Props(NameRegistryOptions options) => Akka.Actor.Props.Create(() => new NameRecordWriter(options));

    protected override void PreStart() =>
        Akka.Cluster.Cluster.Get(Context.System).Subscribe(
            Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.IReachabilityEvent), typeof(ClusterEvent.MemberRemoved));

    protected override void PostStop() => Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);

    private static List<IActorRef> Waiting(Dictionary<string, List<IActorRef>> waiting, string key)
    {
        if (!waiting.TryGetValue(key, out var entities))
            waiting[key] = entities = [];
        return entities;
    }

    private void Written(IKey key)
    {
        if (_inFlight.Remove(key.Id, out var toAll) && toAll)
            _writesToAll--;
        if (_flushedByCurrentWrite.Remove(key.Id, out var entities))
        {
            foreach (var entity in entities)
                entity.Tell(Flushed.Instance);
        }

        if (_pending.ContainsKey(key.Id))
            Write((NameBucketKey)key);
    }

    private void Write(NameBucketKey key)
    {
        if (!_pending.Remove(key.Id, out var batch))
            return;

        var flush = _flushToAll.Remove(key.Id);
        var toAll = _unreachable.Count == 0 && (flush || _writesToAll < MaxWritesToAll);
        IWriteConsistency consistency = toAll ? new WriteAll(_options.WriteTimeout) : WriteLocal.Instance;
        _inFlight[key.Id] = toAll;
        if (toAll)
        {
            _writesToAll++;
            _writtenLocally.Remove(key.Id);
        }
        else
        {
            _writtenLocally.Add(key.Id);
        }

        if (_flushedByNextWrite.Remove(key.Id, out var entities))
            Waiting(_flushedByCurrentWrite, key.Id).AddRange(entities);
        _replicator.Tell(Dsl.Update(key, NameBucket.Empty, consistency, bucket => Apply(bucket, batch, _self, _options.Time.GetUtcNow().UtcTicks)));
    }

    /// <summary>
    /// The bucket with <paramref name="batch"/> applied as <paramref name="node"/>'s writes at <paramref name="now"/> (UTC
    /// ticks): a record is set, and a null marks the name's current record <see cref="NameRecord.Withdrawn"/>.
    /// </summary>
    internal static NameBucket Apply(NameBucket bucket, IReadOnlyDictionary<string, NameRecord?> batch, string node, long now)
    {
        ArgumentNullException.ThrowIfNull(bucket);
        ArgumentNullException.ThrowIfNull(batch);
        foreach (var (fqdn, record) in batch)
        {
            if (record is not null)
                bucket = bucket.Set(record, node, now);
            else if (bucket.TryGetRecord(fqdn, out var current) && !current.Withdrawn)
                bucket = bucket.Set(current with { Withdrawn = true }, node, now);
        }

        return bucket;
    }

    /// <summary>The record an entity decided for <paramref name="Fqdn"/>; null withdraws the name.</summary>
    public sealed record Publish(string Fqdn, NameRecord? Record) : INoSerializationVerificationNeeded;

    /// <summary>Asks for <see cref="Flushed"/> once everything published for <paramref name="Fqdn"/> so far is written.</summary>
    public sealed record Flush(string Fqdn) : INoSerializationVerificationNeeded;

    /// <summary>The answer to <see cref="Flush"/>.</summary>
    public sealed class Flushed : INoSerializationVerificationNeeded
    {
        public static readonly Flushed Instance = new();

        private Flushed()
        {
        }
    }
}
