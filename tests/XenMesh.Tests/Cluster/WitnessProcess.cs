using System.Diagnostics;
using System.Text;

namespace XenMesh.Tests.Cluster;

/// <summary>
/// <c>xenmesh agent --witness --config FILE</c>, the real executable in a process of its own: what a test kills
/// with SIGKILL, pauses with SIGSTOP and starts afresh, as systemd and a loaded host would.
/// </summary>
internal sealed class WitnessProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output;

    private WitnessProcess(Process process, StringBuilder output)
    {
        _process = process;
        _output = output;
    }

    /// <summary>Everything the agent wrote to stdout and stderr so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    public bool HasExited => _process.HasExited;

    public static WitnessProcess Start(string config)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "xenmesh.dll"), "agent", "--witness", "--config", config })
            info.ArgumentList.Add(argument);
        var output = new StringBuilder();
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new WitnessProcess(process, output);
    }

    /// <summary>SIGKILL, as <c>kill -9</c>: no leave, no coordinated shutdown.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    /// <summary>Sends <paramref name="signal"/> (<c>STOP</c>, <c>CONT</c>) to this process with kill(1).</summary>
    public async Task SignalAsync(string signal, CancellationToken ct)
    {
        var info = new ProcessStartInfo("kill") { UseShellExecute = false };
        info.ArgumentList.Add($"-{signal}");
        info.ArgumentList.Add(_process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var kill = Process.Start(info)!;
        await kill.WaitForExitAsync(ct);
        Assert.Equal(0, kill.ExitCode);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
            Kill();
        _process.Dispose();
    }
}
