using XenMesh.Node.Linux;

namespace XenMesh.IntegrationTests.TestHost;

/// <summary>Runs host programs for tests through the agent's own <see cref="ProcessRunner"/>.</summary>
internal static class Programs
{
    private static readonly ProcessRunner Runner = new(TimeSpan.FromSeconds(60));

    public static Task<ProcessResult> RunAsync(string fileName, IReadOnlyList<string> arguments, CancellationToken ct) =>
        Runner.RunAsync(fileName, arguments, ct);

    public static async Task<ProcessResult> RunCheckedAsync(string fileName, IReadOnlyList<string> arguments, CancellationToken ct) =>
        EnsureSucceeded(await Runner.RunAsync(fileName, arguments, ct));

    /// <summary>With an environment or working directory of the test's choosing and a timeout of its own.</summary>
    public static Task<ProcessResult> RunAsync(string fileName, IReadOnlyList<string> arguments, ProcessOptions options, TimeSpan timeout, CancellationToken ct) =>
        new ProcessRunner(timeout).RunAsync(fileName, arguments, options, ct);

    public static ProcessResult EnsureSucceeded(ProcessResult result) =>
        result.Succeeded
            ? result
            : throw new InvalidOperationException($"'{result.CommandLine}' exited with {result.ExitCode}: {result.StandardError.Trim()}");
}
