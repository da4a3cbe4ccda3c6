using XenMesh.IntegrationTests.TestHost;

namespace XenMesh.IntegrationTests.Dns;

/// <summary>dig 9.18 run inside a namespace against one server, one try, with its full text output.</summary>
internal static class Dig
{
    public static async Task<string> QueryAsync(NetworkNamespace from, string server, CancellationToken ct, params string[] arguments)
    {
        var result = await Programs.RunAsync("ip", ["netns", "exec", from.Name, "dig", $"@{server}", "+tries=1", "+time=5", .. arguments], ct);
        return Programs.EnsureSucceeded(result).StandardOutput;
    }

    /// <summary>The answer section's data fields (<c>+short</c>), one per line.</summary>
    public static async Task<IReadOnlyList<string>> ShortAsync(NetworkNamespace from, string server, CancellationToken ct, params string[] arguments) =>
        (await QueryAsync(from, server, ct, ["+short", .. arguments])).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
