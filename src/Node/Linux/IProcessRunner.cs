namespace XenMesh.Node.Linux;

/// <summary>
/// Runs a program with an argument vector: no shell ever sees the arguments, so an interface name
/// or xenstore value cannot become a command.
/// </summary>
public interface IProcessRunner
{
    Task<ProcessResult> RunAsync(string fileName, IReadOnlyList<string> arguments, CancellationToken ct);

    /// <summary>As above, with an environment, working directory or stdin from <paramref name="options"/>.</summary>
    Task<ProcessResult> RunAsync(string fileName, IReadOnlyList<string> arguments, ProcessOptions options, CancellationToken ct);
}
