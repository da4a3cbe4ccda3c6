using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.DistributedData;
using Akka.Event;
using XenMesh.Messages.Names;
using static XenMesh.Messages.Names.NameRegistryMessages;

namespace XenMesh.Cluster.Names;

/// <summary>
/// The single writer for one name: applies claims and withdrawals to <see cref="NameOwnership"/> and hands
/// the resulting <see cref="NameRecord"/> to this node's <see cref="NameRecordWriter"/>, which replicates it to
/// every node through DData. Soft state: it starts
/// from the record its previous incarnation replicated (none if that was withdrawn), hosts re-assert their claims, and a claim nobody
/// re-asserts within <see cref="NameRegistryOptions.ClaimTtl"/> ends. With no claim left it withdraws the record
/// and passivates. It stops (passivation or hand-off) only once its last record is written, so the next
/// incarnation, here or on another node, reads it back.
/// </summary>
public sealed class NameEntity : ReceiveActor, IWithUnboundedStash, IWithTimers
{
    private readonly string _fqdn;
    private readonly NameRegistryOptions _options;
    private readonly NameBucketKey _key;
    private readonly IActorRef _replicator;
    private readonly IActorRef _writer;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<IActorRef, string> _claimantHosts = [];
    private NameOwnership _state = NameOwnership.Empty;
    private NameRecord? _published;
    private bool _stopping;
    private int _flushesOut;

    public NameEntity(string fqdn, NameRegistryOptions options, IActorRef writer)
    {
        _fqdn = fqdn;
        _options = options;
        _writer = writer;
        _key = NameBuckets.For(fqdn);
        _replicator = DistributedData.Get(Context.System).Replicator;
        Recovering();
    }

    public IStash Stash { get; set; } = null!;

    public ITimerScheduler Timers { get; set; } = null!;

    /// <param name="fqdn">The name.</param>
    /// <param name="options">Timings.</param>
    /// <param name="writer">This node's <see cref="NameRecordWriter"/>, which replicates what the entity decides.</param>
    public static Props Props(string fqdn, NameRegistryOptions options, IActorRef writer) =>
        Akka.Actor.Props.Create(() => new NameEntity(fqdn, options, writer));

    protected override void PreStart() => _replicator.Tell(Dsl.Get(_key, ReadLocal.Instance));

    private void Recovering()
    {
        Receive<GetSuccess>(g =>
        {
            if (g.Get(_key).TryGetRecord(_fqdn, out var record) && !record.Withdrawn)
            {
                _state = NameOwnership.FromRecord(record, _options.Time.GetUtcNow());
                _published = record;
            }

            Start();
        });
        Receive<NotFound>(_ => Start());
        Receive<GetFailure>(_ => Start());
        ReceiveAny(_ => Stash.Stash());
    }

    private void Start()
    {
        Timers.StartPeriodicTimer(nameof(ExpireTick), ExpireTick.Instance, _options.ClaimRefreshInterval);
        Become(Active);
        Stash.UnstashAll();
    }

    private void Active()
    {
        Receive<ClaimName>(m =>
        {
            if (!_claimantHosts.ContainsKey(m.Claimant))
            {
                _claimantHosts[m.Claimant] = m.Claim.HostId;
                Context.Watch(m.Claimant);
            }

            Apply(_state.Claim(m.Claim, _options.Time.GetUtcNow()));
        });
        Receive<WithdrawName>(m => Apply(_state.Withdraw(m.HostId, m.Guest)));
        Receive<Terminated>(t =>
        {
            // A host's new claimant (its agent restarted) may already be claiming: its claims stay.
            if (_claimantHosts.Remove(t.ActorRef, out var hostId) && !_claimantHosts.ContainsValue(hostId))
            {
                _log.Info("Claims of host {HostId} on {Fqdn} end: its claimant stopped or its member left", hostId, _fqdn);
                Apply(_state.RemoveHost(hostId));
            }
        });
        Receive<ExpireTick>(_ => Apply(_state.Expire(_options.Time.GetUtcNow() - _options.ClaimTtl)));
        Receive<StopAfterFlush>(_ =>
        {
            _stopping = true;
            Flush();
        });
        Receive<NameRecordWriter.Flushed>(_ =>
        {
            if (--_flushesOut == 0 && _stopping)
                Context.Stop(Self);
        });
    }

    private void Flush()
    {
        _flushesOut++;
        _writer.Tell(new NameRecordWriter.Flush(_fqdn));
    }

    private void Apply(NameOwnership next)
    {
        foreach (var loser in NameOwnership.NewlyRejected(_state, next))
        {
            var owner = next.Owner!;
            _log.Warning(
                "Name {Fqdn} conflict: {Guest}@{HostId} ({Address}) gets no record, {OwnerGuest}@{OwnerHostId} ({OwnerAddress}) claimed it first",
                [_fqdn, loser.Guest, loser.HostId, loser.Address, owner.Guest, owner.HostId, owner.Address]);
        }

        _state = next;
        var record = next.ToRecord(_fqdn);
        if (NameOwnership.SameRecord(record, _published))
        {
            if (record is null && !_stopping)
                Context.Parent.Tell(new Passivate(StopAfterFlush.Instance));
            return;
        }

        _published = record;
        _writer.Tell(new NameRecordWriter.Publish(_fqdn, record));
        // A message that was in the mailbox before the stop changed the record: the stop waits for it too.
        if (_stopping)
            Flush();
        else if (record is null)
            Context.Parent.Tell(new Passivate(StopAfterFlush.Instance));
    }

    /// <summary>
    /// The entity's stop message, for passivation and hand-off alike (<see cref="NameRegistryHosting"/>): it stops
    /// once its records are written.
    /// </summary>
    public sealed class StopAfterFlush : INoSerializationVerificationNeeded
    {
        public static readonly StopAfterFlush Instance = new();

        private StopAfterFlush()
        {
        }
    }

    private sealed class ExpireTick
    {
        public static readonly ExpireTick Instance = new();

        private ExpireTick()
        {
        }
    }
}
