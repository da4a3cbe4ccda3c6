using System.Diagnostics;
using XenMesh.Node.Linux;

namespace XenMesh.IntegrationTests.TestHost;

/// <summary>Runs host programs for tests, always with an argument list.</summary>
internal static class Programs
{
    private static readonly ProcessRunner Runner = new(TimeSpan.FromSeconds(60));

    public static Task<ProcessResult> RunAsync(string fileName, IReadOnlyList<string> arguments, CancellationToken ct) =>
        Runner.RunAsync(fileName, arguments, ct);

    public static async Task<ProcessResult> RunCheckedAsync(string fileName, IReadOnlyList<string> arguments, CancellationToken ct) =>
        EnsureSucceeded(await Runner.RunAsync(fileName, arguments, ct));

    /// <summary>
    /// Runs a prepared start with stdin closed, for what <see cref="ProcessRunner"/> cannot set: an
    /// environment of the test's choosing or a working directory. On timeout the process tree it
    /// started is killed and a <see cref="TimeoutException"/> thrown.
    /// </summary>
    public static async Task<ProcessResult> RunAsync(ProcessStartInfo start, TimeSpan timeout, CancellationToken ct)
    {
        start.UseShellExecute = false;
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{start.FileName} did not finish within {timeout}");
        }

        return new ProcessResult(start.FileName, [.. start.ArgumentList], process.ExitCode, await stdout, await stderr);
    }

    public static ProcessResult EnsureSucceeded(ProcessResult result) =>
        result.Succeeded
            ? result
            : throw new InvalidOperationException($"'{result.CommandLine}' exited with {result.ExitCode}: {result.StandardError.Trim()}");
}
