namespace XenMesh.IntegrationTests.Hotplug;

/// <summary>What one run of the hotplug script did.</summary>
/// <param name="ExitCode">The script's exit code, as libxl sees it.</param>
/// <param name="StandardOutput">The script's stdout (libxl passes it to xl's stderr).</param>
/// <param name="StandardError">The script's stderr before the Xen library redirected it to the log.</param>
/// <param name="Calls">The programs the sandbox records (xenstore tools and the traced programs), one
/// <c>program args...</c> line each, shell-quoted, in the order they ran.</param>
/// <param name="Log">What xen-hotplug.log gained during the run; null when the log does not exist,
/// which means the Xen script library was never sourced.</param>
internal sealed record HotplugRun(int ExitCode, string StandardOutput, string StandardError, IReadOnlyList<string> Calls, string? Log);
