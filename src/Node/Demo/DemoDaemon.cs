using System.Globalization;
using XenMesh.Node.Linux;

namespace XenMesh.Node.Demo;

/// <summary>
/// A long-running program of the demo (an agent, BIRD) in one of its namespaces. start-stop-daemon detaches
/// it from the short-lived <c>demo up</c> and sends its output to a log file; <c>ip netns exec</c> execs the
/// program, so the PID in the pid file is the program's own. It is stopped by that PID only while the PID's
/// command line still names <paramref name="marker"/> (a path of this demo), never a recycled PID.
/// </summary>
internal sealed class DemoDaemon(IProcessRunner runner, string pidFile, string marker)
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(20);

    public async Task<int> StartAsync(string ns, string log, IReadOnlyList<string> command, CancellationToken ct)
    {
        var arguments = new List<string>
        {
            "--start", "--background", "--make-pidfile", "--pidfile", pidFile, "--output", log,
            "--exec", "/usr/sbin/ip", "--", "netns", "exec", ns,
        };
        arguments.AddRange(command);
        var result = await runner.RunAsync("start-stop-daemon", arguments, ct).ConfigureAwait(false);
        if (!result.Succeeded)
            throw new DemoException($"could not start {command[0]} in {ns}: {result.StandardError.Trim()}");
        return await PidAsync(ct).ConfigureAwait(false) ?? throw new DemoException($"{pidFile} holds no PID after starting {command[0]} in {ns}");
    }

    /// <summary>The PID of the pid file, or null without one.</summary>
    public async Task<int?> PidAsync(CancellationToken ct) =>
        File.Exists(pidFile) && int.TryParse((await File.ReadAllTextAsync(pidFile, ct).ConfigureAwait(false)).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            ? pid
            : null;

    public bool IsRunning(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Split('\0').Contains(marker);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>
    /// True once the process is gone (or a zombie). A start is judged by this, not by <see cref="IsRunning"/>: while
    /// <c>ip netns exec</c> execs the program, the new image's command line can read empty for a moment. That is
    /// the likely cause of one CI run (loaded machine) in which <c>demo up</c> reported BIRD as exited within a
    /// second of its start, with nothing in its log.
    /// </summary>
    public static bool HasExited(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[stat.LastIndexOf(')') + 2] is 'Z' or 'X';
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return true;
        }
    }

    /// <summary>SIGTERM, then SIGKILL if it has not exited within <see cref="StopTimeout"/>.</summary>
    public async Task StopAsync(CancellationToken ct)
    {
        if (await PidAsync(ct).ConfigureAwait(false) is not { } pid || !IsRunning(pid))
            return;
        var id = pid.ToString(CultureInfo.InvariantCulture);
        await runner.RunAsync("kill", ["-TERM", id], ct).ConfigureAwait(false);
        var deadline = DateTime.UtcNow + StopTimeout;
        while (IsRunning(pid))
        {
            if (DateTime.UtcNow > deadline)
            {
                await runner.RunAsync("kill", ["-KILL", id], ct).ConfigureAwait(false);
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), ct).ConfigureAwait(false);
        }
    }
}
