using Akka.Persistence.Journal;

namespace XenMesh.Tests.Persistence;

/// <summary>The event adapter of <see cref="SqliteJournalTests"/>: gives every event it is bound to two tags.</summary>
public sealed class TagReleases : IWriteEventAdapter
{
    public string Manifest(object evt) => string.Empty;

    public object ToJournal(object evt) => new Tagged(evt, ["lease", "released"]);
}
