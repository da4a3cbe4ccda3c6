using XenMesh.Messages.Commands;

namespace XenMesh.Node.Commands;

/// <summary>
/// A feature's commands on the command host. Register with
/// <c>services.AddSingleton&lt;ICommandPalette, MyPalette&gt;()</c>; the host publishes
/// <see cref="Definition"/> in the schema and validates every request against it before calling
/// <see cref="ExecuteAsync"/>. The agent refuses to start when a definition breaks pbm's naming
/// (lower-case words joined by <c>-</c>, single-dash switches, no duplicates) or uses what the client
/// keeps for itself (palettes <c>help</c>/<c>exit</c>/<c>quit</c>, switches <c>-j</c>/<c>--json</c>).
/// Set <see cref="CommandDefinition.Mutating"/> on commands that change state: the host logs each
/// such request with the caller's endpoint.
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
