using System.Text.RegularExpressions;

namespace XenMesh.Node.Linux;

/// <summary>
/// <c>ip netns</c> and <c>ip -n</c> through an argument vector. Used by the demo to build test hosts;
/// every link operation runs inside a named namespace, never in the caller's own.
/// </summary>
public sealed partial class NetworkNamespaces(IProcessRunner runner)
{
    public const string Ip = "ip";

    public static bool IsValidName(string name) => NamePattern().IsMatch(name);

    public async Task<IReadOnlyList<string>> ListAsync(CancellationToken ct)
    {
        var result = await runner.RunAsync(Ip, ["netns", "list"], ct).ConfigureAwait(false);
        return result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ')[0])
            .ToList();
    }

    public Task AddAsync(string name, CancellationToken ct) => RunAsync(ct, "netns", "add", Checked(name));

    /// <summary>Deletes a namespace; one that does not exist is not an error.</summary>
    public async Task DeleteAsync(string name, CancellationToken ct)
    {
        if ((await ListAsync(ct).ConfigureAwait(false)).Contains(Checked(name)))
            await RunAsync(ct, "netns", "delete", name).ConfigureAwait(false);
    }

    /// <summary>Runs <c>ip -n NS ARGS...</c> and fails with its stderr when it fails.</summary>
    public Task InAsync(string ns, CancellationToken ct, params string[] ipArguments) =>
        RunAsync(ct, ["-n", Checked(ns), .. ipArguments]);

    /// <summary>Argument vector that runs <paramref name="program"/> inside <paramref name="ns"/>.</summary>
    public static IReadOnlyList<string> ExecArguments(string ns, string program, IEnumerable<string> arguments) =>
        ["netns", "exec", Checked(ns), program, .. arguments];

    public Task<ProcessResult> ExecAsync(string ns, string program, IEnumerable<string> arguments, CancellationToken ct) =>
        runner.RunAsync(Ip, ExecArguments(ns, program, arguments), ct);

    private async Task RunAsync(CancellationToken ct, params string[] arguments)
    {
        var result = await runner.RunAsync(Ip, arguments, ct).ConfigureAwait(false);
        if (!result.Succeeded)
            throw new InvalidOperationException($"{result.CommandLine} failed ({result.ExitCode}): {result.StandardError.Trim()}");
    }

    private static string Checked(string name) =>
        IsValidName(name) ? name : throw new ArgumentException($"'{name}' is not a namespace name", nameof(name));

    [GeneratedRegex(@"\A[A-Za-z0-9][A-Za-z0-9_.-]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
