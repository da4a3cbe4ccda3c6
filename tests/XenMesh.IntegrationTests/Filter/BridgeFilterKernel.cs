using System.Globalization;
using System.Text.RegularExpressions;
using XenMesh.IntegrationTests.TestHost;
using XenMesh.Node.Linux;

namespace XenMesh.IntegrationTests.Filter;

/// <summary>The <c>bridge xenmesh</c> table as the kernel of one namespace holds it, read and changed with nft.</summary>
internal static partial class BridgeFilterKernel
{
    public static Task<ProcessResult> NftAsync(NetworkNamespace @namespace, CancellationToken ct, params string[] arguments) =>
        Programs.RunAsync("ip", ["netns", "exec", @namespace.Name, "nft", .. arguments], ct);

    public static async Task<string> ListSetAsync(NetworkNamespace @namespace, string set, CancellationToken ct) =>
        Programs.EnsureSucceeded(await NftAsync(@namespace, ct, "list", "set", "bridge", "xenmesh", set)).StandardOutput;

    /// <summary>Packets counted by each rule of the <c>guest_port</c> chain, keyed by the rule's text before <c>counter</c>.</summary>
    public static async Task<IReadOnlyDictionary<string, long>> CountersAsync(NetworkNamespace @namespace, CancellationToken ct)
    {
        var chain = Programs.EnsureSucceeded(await NftAsync(@namespace, ct, "list", "chain", "bridge", "xenmesh", "guest_port")).StandardOutput;
        var counters = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (Match match in CounterLine().Matches(chain))
            counters[match.Groups["rule"].Value.Trim()] = long.Parse(match.Groups["packets"].Value, CultureInfo.InvariantCulture);
        return counters;
    }

    /// <summary>Packets dropped by the chain's last rule, the bare <c>counter drop</c> for everything not let through.</summary>
    public static async Task<long> DroppedAtEndAsync(NetworkNamespace @namespace, CancellationToken ct) =>
        (await CountersAsync(@namespace, ct))[string.Empty];

    /// <summary>Packets dropped by the rule whose text starts with <paramref name="rule"/> (nft's own spelling, without <c>meta</c>).</summary>
    public static async Task<long> DroppedAsync(NetworkNamespace @namespace, string rule, CancellationToken ct) =>
        (await CountersAsync(@namespace, ct)).Single(c => c.Key.StartsWith(rule, StringComparison.Ordinal)).Value;

    /// <summary>One ping from <paramref name="from"/>; true when answered.</summary>
    public static async Task<bool> PingAsync(NetworkNamespace from, string address, CancellationToken ct, string? source = null)
    {
        string[] options = source is null ? [] : ["-I", source];
        var result = await Programs.RunAsync("ip", ["netns", "exec", from.Name, "busybox", "ping", "-c", "1", "-W", "1", .. options, address], ct);
        return result.Succeeded;
    }

    [GeneratedRegex(@"^[ \t]*(?<rule>[^\n]*?)[ \t]*counter packets (?<packets>\d+)", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex CounterLine();
}
