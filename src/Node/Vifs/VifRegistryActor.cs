using Akka.Actor;
using Akka.Event;
using Akka.Hosting;
using Akka.Pattern;
using Akka.Persistence;
using static XenMesh.Messages.Vifs.VifRegistryEvents;
using static XenMesh.Node.Vifs.VifRegistryProtocol;

namespace XenMesh.Node.Vifs;

/// <summary>
/// The host-local truth about vifs: persists what <see cref="VifRegistryState"/> decides, replies after
/// the events are journaled, and snapshots every <c>snapshotInterval</c> events so recovery stays short.
/// </summary>
public sealed class VifRegistryActor : ReceivePersistentActor
{
    public const int DefaultSnapshotInterval = 100;

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly int _snapshotInterval;
    private VifRegistryState _state = VifRegistryState.Empty;
    private int _eventsSinceSnapshot;

    public VifRegistryActor(string hostId, int snapshotInterval = DefaultSnapshotInterval)
    {
        PersistenceId = PersistenceIdFor(hostId);
        _snapshotInterval = snapshotInterval;

        Recover<SnapshotOffer>(offer =>
        {
            if (offer.Snapshot is VifRegistrySnapshot snapshot)
                _state = VifRegistryState.FromSnapshot(snapshot);
        });
        Recover<IVifRegistryEvent>(e =>
        {
            _state = _state.Evolve(e);
            _eventsSinceSnapshot++;
        });
        Recover<RecoveryCompleted>(_ => _log.Info("Vif registry {PersistenceId} recovered {Count} vifs", PersistenceId, _state.Vifs.Count));

        Command<IVifRegistryCommand>(Handle);
        Command<SaveSnapshotSuccess>(s => DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(f => _log.Warning(f.Cause, "Vif registry {PersistenceId} could not save a snapshot; recovery replays more events", PersistenceId));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(f => _log.Warning(f.Cause, "Vif registry {PersistenceId} could not delete old snapshots", PersistenceId));
    }

    public override string PersistenceId { get; }

    /// <summary>Short on purpose: the journal's persistence id column is 255 characters.</summary>
    public static string PersistenceIdFor(string hostId) => $"v:{hostId}";

    /// <summary>The registry under a supervisor that restarts it with backoff after a journal failure stopped it.</summary>
    public static Props SupervisedProps(string hostId, int snapshotInterval = DefaultSnapshotInterval) =>
        BackoffSupervisor.Props(Backoff.OnStop(
            Props.Create(() => new VifRegistryActor(hostId, snapshotInterval)),
            "registry",
            TimeSpan.FromSeconds(1),
            TimeSpan.FromSeconds(30),
            0.2,
            -1));

    private void Handle(IVifRegistryCommand command)
    {
        var decision = _state.Apply(command);
        if (decision.Events.Count == 0)
        {
            Sender.Tell(decision.Reply);
            return;
        }

        var replyTo = Sender;
        PersistAll(decision.Events, e =>
        {
            _state = _state.Evolve(e);
            _eventsSinceSnapshot++;
            LogEvent(e);
        });
        DeferAsync(decision.Reply, reply =>
        {
            replyTo.Tell(reply);
            if (_eventsSinceSnapshot >= _snapshotInterval)
            {
                SaveSnapshot(_state.ToSnapshot());
                _eventsSinceSnapshot = 0;
            }
        });
    }

    private void LogEvent(IVifRegistryEvent e)
    {
        switch (e)
        {
            case VifRegistered r:
                _log.Info("Registered {Vif} domid {DomId} devid {DevId} mac {Mac} name {Name} on {Bridge}", r.Vif, r.DomId, r.DevId, r.Mac, r.DomainName ?? "(none)", r.Bridge);
                break;
            case VifForgotten f:
                _log.Info("Forgot {Vif} domid {DomId} devid {DevId}", f.Vif, f.DomId, f.DevId);
                break;
        }
    }
}

/// <summary>The registry's key in the actor registry (the backoff supervisor in front of <see cref="VifRegistryActor"/>).</summary>
public sealed class VifRegistry;

public static class VifRegistryHosting
{
    public static AkkaConfigurationBuilder WithVifRegistry(this AkkaConfigurationBuilder builder, string hostId, int snapshotInterval = VifRegistryActor.DefaultSnapshotInterval)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithActors((system, registry) =>
            registry.Register<VifRegistry>(system.ActorOf(VifRegistryActor.SupervisedProps(hostId, snapshotInterval), "vif-registry")));
    }
}
