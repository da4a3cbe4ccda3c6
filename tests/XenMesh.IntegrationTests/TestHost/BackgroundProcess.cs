using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace XenMesh.IntegrationTests.TestHost;

/// <summary>
/// A long-running program started inside a network namespace (<c>ip netns exec</c> execs it, so the PID is
/// the program's own). Its output is collected; disposing kills it by that PID if it still runs.
/// </summary>
internal sealed class BackgroundProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private BackgroundProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Everything written to stdout and stderr so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    public static BackgroundProcess Start(NetworkNamespace @namespace, string program, IReadOnlyList<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(@namespace);
        return Start("ip", ["netns", "exec", @namespace.Name, program, .. arguments]);
    }

    /// <summary>Starts <paramref name="program"/> in the test's own network namespace, for a server that only binds loopback.</summary>
    public static BackgroundProcess StartOnLoopback(string program, IReadOnlyList<string> arguments) => Start(program, arguments);

    private static BackgroundProcess Start(string program, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        process.StandardInput.Close();
        return new BackgroundProcess(process);
    }

    /// <summary>Sends a signal (<c>USR1</c>, <c>TERM</c>...) to this process.</summary>
    public Task SignalAsync(string signal, CancellationToken ct) =>
        Programs.RunCheckedAsync("kill", [$"-{signal}", _process.Id.ToString(CultureInfo.InvariantCulture)], ct);

    public Task WaitForExitAsync(CancellationToken ct) => _process.WaitForExitAsync(ct);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync(CancellationToken.None);
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
    }
}
