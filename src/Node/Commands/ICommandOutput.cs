namespace XenMesh.Node.Commands;

/// <summary>
/// Where a command writes its answer. Listings write <c>a | b | c</c> lines and a closing
/// <c>Count: N things</c> line as text, or one record per item when <see cref="CommandInvocation.Json"/> is set.
/// </summary>
public interface ICommandOutput
{
    ValueTask WriteLineAsync(string text, CancellationToken ct);

    /// <summary>One JSON object (serialized with camelCase names).</summary>
    ValueTask WriteRecordAsync<T>(T record, CancellationToken ct);
}
