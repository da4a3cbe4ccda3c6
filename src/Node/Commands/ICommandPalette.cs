using XenMesh.Messages.Commands;

namespace XenMesh.Node.Commands;

/// <summary>
/// A feature's commands on the command host. Register with
/// <c>services.AddSingleton&lt;ICommandPalette, MyPalette&gt;()</c>; the host publishes
/// <see cref="Definition"/> in the schema and validates every request against it before calling
/// <see cref="ExecuteAsync"/>.
/// </summary>
public interface ICommandPalette
{
    PaletteDefinition Definition { get; }

    /// <summary>
    /// Runs one command. Write zero or more lines or records to <paramref name="output"/>; throw
    /// <see cref="CommandFailedException"/> to end with an error (client exit code 1). A streaming
    /// command runs until <paramref name="ct"/> is cancelled (client Ctrl-C or disconnect).
    /// </summary>
    Task ExecuteAsync(CommandInvocation invocation, ICommandOutput output, CancellationToken ct);
}
