using System.Diagnostics;

namespace XenMesh.Node.Linux;

/// <summary>
/// The real <see cref="IProcessRunner"/>: fork/exec with stdin closed (after writing
/// <see cref="ProcessOptions.StandardInput"/>, if any) and a timeout, after which the
/// process tree it started is killed and a <see cref="TimeoutException"/> thrown.
/// </summary>
public sealed class ProcessRunner(TimeSpan timeout) : IProcessRunner
{
    public ProcessRunner()
        : this(TimeSpan.FromSeconds(10))
    {
    }

    public Task<ProcessResult> RunAsync(string fileName, IReadOnlyList<string> arguments, CancellationToken ct) =>
        RunAsync(fileName, arguments, ProcessOptions.Default, ct);

    public async Task<ProcessResult> RunAsync(string fileName, IReadOnlyList<string> arguments, ProcessOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        if (options.ClearEnvironment)
            info.Environment.Clear();
        foreach (var (name, value) in options.Environment)
            info.Environment[name] = value;
        if (options.WorkingDirectory is { } workingDirectory)
            info.WorkingDirectory = workingDirectory;

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {fileName}");
        if (options.StandardInput is { } input)
            await process.StandardInput.WriteAsync(input.AsMemory(), ct).ConfigureAwait(false);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} did not finish within {timeout}");
        }

        return new ProcessResult(fileName, arguments, process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }
}
