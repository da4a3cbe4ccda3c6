using XenMesh.Node.Linux;

namespace XenMesh.Tests.Linux;

/// <summary>
/// Records each argument vector and answers with scripted results (success with no output when the
/// script runs out). Here the argv itself is the unit under test, so nothing needs to run.
/// </summary>
internal sealed class RecordingProcessRunner : IProcessRunner
{
    private readonly Queue<(int ExitCode, string Stdout, string Stderr)> _replies = new();

    /// <summary>Every call as program followed by its arguments.</summary>
    public List<IReadOnlyList<string>> Calls { get; } = [];

    public RecordingProcessRunner Reply(int exitCode = 0, string stdout = "", string stderr = "")
    {
        _replies.Enqueue((exitCode, stdout, stderr));
        return this;
    }

    /// <summary>The stdin each call was given, in call order (null: none).</summary>
    public List<string?> Inputs { get; } = [];

    public Task<ProcessResult> RunAsync(string fileName, IReadOnlyList<string> arguments, CancellationToken ct) =>
        RunAsync(fileName, arguments, ProcessOptions.Default, ct);

    public Task<ProcessResult> RunAsync(string fileName, IReadOnlyList<string> arguments, ProcessOptions options, CancellationToken ct)
    {
        Calls.Add([fileName, .. arguments]);
        Inputs.Add(options.StandardInput);
        var (exitCode, stdout, stderr) = _replies.Count > 0 ? _replies.Dequeue() : (0, "", "");
        return Task.FromResult(new ProcessResult(fileName, arguments, exitCode, stdout, stderr));
    }
}
