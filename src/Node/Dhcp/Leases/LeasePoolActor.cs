using Akka.Actor;
using Akka.Event;
using Akka.Hosting;
using Akka.Pattern;
using Akka.Persistence;
using XenMesh.Node.Configuration;
using XenMesh.Node.Filter;
using static XenMesh.Messages.Leases.LeaseEvents;
using static XenMesh.Node.Dhcp.Leases.LeasePoolProtocol;

namespace XenMesh.Node.Dhcp.Leases;

/// <summary>
/// The only writer of one host subnet's leases: applies <see cref="LeasePoolState"/>, journals the events it
/// decides and replies only once they are journaled (L1, commit before ACK). Commands are decided eagerly on
/// the in-memory state and journaled with <c>PersistAllAsync</c>, so the events of many commands are in
/// flight together and the SQL journal writes them in one batch (group commit); each reply goes out from its
/// own command's persist callback. A DHCP reply without events (an OFFER, held in memory only by D6, a NAK,
/// silence) goes out at once: it promises nothing the journal must keep, and holding it behind the writes
/// only made OFFERs leave in bursts at each commit. Other replies without events (the operator's views) wait
/// behind the writes before them, so they show only journaled leases. A failed write sends no reply: the
/// actor stops, its supervisor restarts it and it recovers from the journal, which also undoes the decisions
/// that were never journaled. Persistent actors stash commands until recovery completes, so nothing is
/// answered from a half-loaded pool (L2). With the bridge filter on, a journaled reply waits once more: the
/// events go to the <see cref="BridgeFilterActor"/>, and the reply leaves from the filter's thread when the
/// kernel's <c>bound4</c> set follows them (L1, filter entry before the ACK), without a hop back to the pool;
/// the filter batches the commits that arrive together into one nft transaction. If nft fails the reply never
/// leaves and the client retries. Every reply callback may therefore run on the pool's or the filter's thread.
/// </summary>
public sealed class LeasePoolActor : ReceivePersistentActor, IWithTimers
{
    /// <summary>
    /// The fewest events between two snapshots. On a small pool under load, one every thousand events meant
    /// several a second, each a write and a delete through the snapshot store's linq2db on the thread pool;
    /// a restart replays at most this many events (or as many as there are leases) after the snapshot.
    /// </summary>
    public const int DefaultSnapshotInterval = 10_000;

    /// <summary>The pool's name under its supervisor; <see cref="XenMesh.Node.Persistence.CommitDispatcher"/> places it by its path.</summary>
    public const string ChildName = "pool";

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly LeasePoolSettings _settings;
    private readonly TimeProvider _time;
    private readonly int _snapshotInterval;
    private readonly KeyValuePair<string, object?> _poolTag;
    private LeasePoolState _state;
    private int _eventsSinceSnapshot;
    private long _lastIssuedSequenceNr;
    private readonly IActorRef? _filter;
    private bool _exhausted;

    public LeasePoolActor(LeasePoolSettings settings, TimeProvider time, int snapshotInterval = DefaultSnapshotInterval, IActorRef? filter = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(snapshotInterval);
        _settings = settings;
        _time = time;
        _snapshotInterval = snapshotInterval;
        _filter = filter;
        _state = new LeasePoolState(settings);
        PersistenceId = PersistenceIdFor(settings.HostId);
        _poolTag = new("pool", PersistenceId);

        Recover<SnapshotOffer>(offer =>
        {
            if (offer.Snapshot is LeasePoolSnapshot snapshot)
                _state = LeasePoolState.FromSnapshot(_settings, snapshot);
        });
        Recover<ILeaseEvent>(e =>
        {
            _state.Recover(e);
            _eventsSinceSnapshot++;
        });
        Recover<RecoveryCompleted>(_ =>
        {
            _lastIssuedSequenceNr = LastSequenceNr;
            _log.Info("Lease pool {PersistenceId} recovered {Leases} leases, {Free} free addresses", PersistenceId, _state.LeaseCount, _state.FreeCount);
            Timers.StartPeriodicTimer(nameof(SweepTick), SweepTick.Instance, _settings.ExpirySweepInterval);
        });

        Command<ILeasePoolCommand>(command =>
        {
            var sender = Sender;
            Handle(command, reply => sender.Tell(reply));
        });
        Command<ClientCommands>(batch =>
        {
            for (var i = 0; i < batch.Commands.Count; i++)
            {
                var index = i;
                Handle(batch.Commands[i], reply => batch.Answer(index, reply));
            }
        });
        Command<SweepTick>(_ => Handle(ExpirySweep.Instance, _ => { }));
        Command<SaveSnapshotSuccess>(s => DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(f => _log.Warning(f.Cause, "Lease pool {PersistenceId} could not save a snapshot; recovery replays more events", PersistenceId));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(f => _log.Warning(f.Cause, "Lease pool {PersistenceId} could not delete old snapshots", PersistenceId));
    }

    public override string PersistenceId { get; }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Short on purpose: the journal's persistence id column is 255 characters.</summary>
    public static string PersistenceIdFor(string hostId) => $"l:{hostId}";

    /// <summary>The pool under a supervisor that restarts it with backoff after a journal failure stopped it.</summary>
    public static Props SupervisedProps(LeasePoolSettings settings, TimeProvider time, int snapshotInterval = DefaultSnapshotInterval, IActorRef? filter = null) =>
        BackoffSupervisor.Props(Backoff.OnStop(
            Props.Create(() => new LeasePoolActor(settings, time, snapshotInterval, filter)),
            ChildName,
            TimeSpan.FromSeconds(1),
            TimeSpan.FromSeconds(30),
            0.2,
            -1));

    /// <summary>
    /// The state applied the rejected event when it decided; only a recovery from the journal takes it back,
    /// so the pool stops and its supervisor restarts it.
    /// </summary>
    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        base.OnPersistRejected(cause, @event, sequenceNr);
        Context.Stop(Self);
    }

    private void Handle(ILeasePoolCommand command, Action<ILeasePoolReply> replyTo)
    {
        var decision = _state.Apply(command, _time.GetUtcNow());
        Observe(decision.Reply);
        if (decision.Events.Count == 0)
        {
            if (command is IDhcpClientCommand)
                replyTo(decision.Reply);
            else
                DeferAsync(decision.Reply, replyTo);
            return;
        }

        // Handlers run only for events the journal took, so the reply waits for the last of them.
        var unconfirmed = decision.Events.Count;
        PersistAllAsync(decision.Events, e =>
        {
            LogEvent(e);
            if (--unconfirmed > 0)
                return;
            if (_filter is null)
                replyTo(decision.Reply);
            else
                _filter.Tell(new BridgeFilterProtocol.LeasesCommitted(decision.Events, (Action)(() => replyTo(decision.Reply))));
            foreach (var change in decision.NameChanges)
                Context.System.EventStream.Publish(change);
        });

        _lastIssuedSequenceNr += decision.Events.Count;
        _eventsSinceSnapshot += decision.Events.Count;
        if (_eventsSinceSnapshot >= Math.Max(_snapshotInterval, _state.LeaseCount))
            SnapshotWhenJournaled();
    }

    /// <summary>
    /// The state already holds events still in flight, so it is captured now with the sequence number of the
    /// last event issued, and saved only once every event up to that number is journaled: a snapshot never
    /// holds an event the journal lost. That number is counted here because <c>LastSequenceNr</c> only
    /// moves when a write is confirmed. Snapshotting after as many events as there are leases keeps the
    /// cost linear in the journal and recovery at most a snapshot plus that many events.
    /// </summary>
    private void SnapshotWhenJournaled()
    {
        var metadata = new SnapshotMetadata(SnapshotterId, _lastIssuedSequenceNr, _time.GetUtcNow().UtcDateTime);
        var snapshot = _state.ToSnapshot();
        _eventsSinceSnapshot = 0;
        DeferAsync(metadata, m => SnapshotStore.Tell(new SaveSnapshot(m, snapshot)));
    }

    private void Observe(ILeasePoolReply reply)
    {
        // The rest of a large expiry queues behind the commands already waiting, so DHCP traffic keeps flowing.
        if (reply is Swept { More: true })
            Self.Tell(SweepTick.Instance);
        if (reply is NoAnswer { IsDrop: true } drop)
        {
            LeasePoolMetrics.Dropped.Add(1, _poolTag, new KeyValuePair<string, object?>("reason", drop.Reason.ToString()));
            if (drop.Reason == NoAnswerReason.PoolExhausted && !_exhausted)
            {
                _exhausted = true;
                _log.Warning("Lease pool {PersistenceId} is full with {Leases} leases: new clients get no answer until an address frees", PersistenceId, _state.LeaseCount);
            }
            else
            {
                _log.Debug("Lease pool {PersistenceId} dropped a request: {Reason}", PersistenceId, drop.Reason);
            }
        }

        if (_exhausted && _state.FreeCount > 0)
        {
            _exhausted = false;
            _log.Info("Lease pool {PersistenceId} has {Free} free addresses again", PersistenceId, _state.FreeCount);
        }
    }

    private void LogEvent(ILeaseEvent e)
    {
        // Every commit passes here: the arguments are boxed into an array before the adapter checks the level.
        if (!_log.IsDebugEnabled && e is not AddressDeclined)
            return;
        switch (e)
        {
            case LeaseCommitted c:
                _log.Debug("Lease {Address} to {Mac} on {Vif} as {Name} until {Expires}", c.Address, c.Mac, c.Vif ?? "(relayed)", c.Name ?? "(no name)", c.Expires);
                break;
            case LeaseReleased r:
                _log.Debug("Lease {Address} released by {Mac}", r.Address, r.Mac);
                break;
            case LeaseExpired x:
                _log.Debug("Lease {Address} of {Mac} expired", x.Address, x.Mac);
                break;
            case AddressDeclined d:
                _log.Warning("{Mac} on {Vif} declined {Address} (in use by someone else?); quarantined until {Until}", d.Mac, d.Vif ?? "(relayed)", d.Address, d.QuarantinedUntil);
                break;
        }
    }

    /// <summary>The expiry timer's message; unlike <see cref="ExpirySweep"/> it wants no reply.</summary>
    private sealed class SweepTick
    {
        public static readonly SweepTick Instance = new();
    }
}

/// <summary>The pool's key in the actor registry (the backoff supervisor in front of <see cref="LeasePoolActor"/>).</summary>
public sealed class LeasePool;

public static class LeasePoolHosting
{
    /// <summary>The supervisor's name under <c>/user</c>; <see cref="XenMesh.Node.Persistence.CommitDispatcher"/> places it by its path.</summary>
    public const string ActorName = "lease-pool";

    /// <summary>
    /// Starts the host's lease pool and registers it as <see cref="LeasePool"/>. Reservations that fail
    /// <see cref="SettingsValidator.ValidateReservations"/> are logged as warnings here, once per start, and
    /// left out (protocol-rules L6). <paramref name="time"/> defaults to the system clock. When a <see cref="BridgeFilter"/>
    /// was added before, every journaled reply waits for it (L1).
    /// </summary>
    public static AkkaConfigurationBuilder WithLeasePool(
        this AkkaConfigurationBuilder builder,
        XenMeshSettings settings,
        TimeProvider? time = null,
        int snapshotInterval = LeasePoolActor.DefaultSnapshotInterval)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var (pool, skipped) = LeasePoolSettings.From(settings);
        return builder.WithActors((system, registry) =>
        {
            foreach (var reservation in skipped)
                system.Log.Warning("DHCP reservation {Key} skipped: {Reason}", reservation.Key, reservation.Reason);
            var filter = registry.TryGet<BridgeFilter>(out var bridgeFilter) ? bridgeFilter : null;
            registry.Register<LeasePool>(system.ActorOf(LeasePoolActor.SupervisedProps(pool, time ?? TimeProvider.System, snapshotInterval, filter), ActorName));
        });
    }
}
