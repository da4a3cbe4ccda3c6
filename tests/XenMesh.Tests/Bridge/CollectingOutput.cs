using XenMesh.Node.Commands;

namespace XenMesh.Tests.Bridge;

/// <summary>Keeps what a palette writes, the way the command host would send it.</summary>
internal sealed class CollectingOutput : ICommandOutput
{
    public List<string> Lines { get; } = [];

    public List<object?> Records { get; } = [];

    public ValueTask WriteLineAsync(string text, CancellationToken ct)
    {
        Lines.Add(text);
        return ValueTask.CompletedTask;
    }

    public ValueTask WriteRecordAsync<T>(T record, CancellationToken ct)
    {
        Records.Add(record);
        return ValueTask.CompletedTask;
    }
}
