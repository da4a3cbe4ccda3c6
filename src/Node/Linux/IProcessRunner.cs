namespace XenMesh.Node.Linux;

/// <summary>
/// Runs a program with an argument vector: no shell ever sees the arguments, so an interface name
/// or xenstore value cannot become a command.
/// </summary>
public interface IProcessRunner
{
    Task<ProcessResult> RunAsync(string fileName, IReadOnlyList<string> arguments, CancellationToken ct);
}
