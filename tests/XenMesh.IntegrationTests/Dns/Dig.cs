using XenMesh.IntegrationTests.TestHost;
using XenMesh.Node.Linux;

namespace XenMesh.IntegrationTests.Dns;

/// <summary>dig 9.18 run inside a namespace against one server, one try, with its full text output.</summary>
internal static class Dig
{
    public static async Task<string> QueryAsync(NetworkNamespace from, string server, CancellationToken ct, params string[] arguments) =>
        Programs.EnsureSucceeded(await RunAsync(from, server, ct, ["+time=5", .. arguments])).StandardOutput;

    /// <summary>dig's result whatever its exit code: for tests where no answer is an outcome too.</summary>
    public static Task<ProcessResult> RunAsync(NetworkNamespace from, string server, CancellationToken ct, params string[] arguments)
    {
        ArgumentNullException.ThrowIfNull(from);
        return Programs.RunAsync("ip", ["netns", "exec", from.Name, "dig", $"@{server}", "+tries=1", .. arguments], ct);
    }

    /// <summary>The answer section's data fields (<c>+short</c>), one per line.</summary>
    public static async Task<IReadOnlyList<string>> ShortAsync(NetworkNamespace from, string server, CancellationToken ct, params string[] arguments) =>
        (await QueryAsync(from, server, ct, ["+short", .. arguments])).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
