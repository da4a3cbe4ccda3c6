using Akka.Actor;
using Akka.Persistence;

namespace XenMesh.Tests.Persistence;

/// <summary>
/// A persistent actor that journals what it is told and tells what it recovered: the journal's client in
/// <see cref="SqliteJournalTests"/>, without the lease pool's rules in between.
/// </summary>
internal sealed class EventLogActor : ReceivePersistentActor
{
    private readonly List<object> _recovered = [];
    private IActorRef? _deleteRequester;

    public EventLogActor(string persistenceId)
    {
        PersistenceId = persistenceId;
        Recover<RecoveryCompleted>(_ => { });
        RecoverAny(_recovered.Add);
        Command<Append>(append =>
        {
            var sender = Sender;
            PersistAll(append.Events, _ => { });
            DeferAsync(append, _ => sender.Tell(new Appended(LastSequenceNr)));
        });
        Command<Recovered>(_ => Sender.Tell(new RecoveredEvents(_recovered, LastSequenceNr)));
        Command<Delete>(delete =>
        {
            _deleteRequester = Sender;
            DeleteMessages(delete.ToSequenceNr);
        });
        Command<DeleteMessagesSuccess>(s => _deleteRequester?.Tell(s));
        Command<DeleteMessagesFailure>(f => _deleteRequester?.Tell(f));
    }

    public override string PersistenceId { get; }

    public static Props Props(string persistenceId) => Akka.Actor.Props.Create(() => new EventLogActor(persistenceId));

    /// <summary>A rejected write stops the actor in Akka's default; the test wants to see it and go on.</summary>
    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr) =>
        Context.System.EventStream.Publish(new Rejected(@event, sequenceNr));

    /// <summary>Journals the events as one atomic write; answered once they are journaled.</summary>
    public sealed record Append(IReadOnlyList<object> Events);

    public sealed record Appended(long LastSequenceNr);

    public sealed record Recovered
    {
        public static readonly Recovered Instance = new();
    }

    public sealed record RecoveredEvents(IReadOnlyList<object> Events, long LastSequenceNr);

    public sealed record Delete(long ToSequenceNr);

    public sealed record Rejected(object Event, long SequenceNr);
}
