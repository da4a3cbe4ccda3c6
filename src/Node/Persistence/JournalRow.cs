using Akka.Persistence;
using Akka.Persistence.Journal;

namespace XenMesh.Node.Persistence;

/// <summary>One event as the journal stores it: its payload serialized by the serializer bound to its type.</summary>
internal sealed record JournalRow(
    string PersistenceId,
    long SequenceNr,
    long Timestamp,
    byte[] Message,
    string Manifest,
    int SerializerId,
    string? WriterGuid,
    IReadOnlyCollection<string> Tags)
{
    /// <summary>An event adapter may have tagged the payload: the tags go to the tag table, the payload without them to the row.</summary>
    public static JournalRow From(IPersistentRepresentation representation, Akka.Serialization.Serialization serialization)
    {
        var payload = representation.Payload;
        IReadOnlyCollection<string> tags = [];
        if (payload is Tagged tagged)
        {
            payload = tagged.Payload;
            tags = tagged.Tags;
        }

        var serializer = serialization.FindSerializerFor(payload);
        var message = Akka.Serialization.Serialization.WithTransport(
            serialization.System,
            (serializer, payload),
            state => state.serializer.ToBinary(state.payload));
        return new JournalRow(
            representation.PersistenceId,
            representation.SequenceNr,
            representation.Timestamp,
            message,
            Akka.Serialization.Serialization.ManifestFor(serializer, payload),
            serializer.Identifier,
            representation.WriterGuid,
            tags);
    }
}
