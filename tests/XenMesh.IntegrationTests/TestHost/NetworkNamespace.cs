using System.Text.Json;

namespace XenMesh.IntegrationTests.TestHost;

/// <summary>
/// A named network namespace (<c>ip netns add</c>) with loopback up; disposing deletes it, which
/// also destroys every interface inside it.
/// </summary>
internal sealed class NetworkNamespace : IAsyncDisposable
{
    private NetworkNamespace(string name) => Name = name;

    public string Name { get; }

    public static async Task<NetworkNamespace> CreateAsync(string name, CancellationToken ct)
    {
        await Programs.RunCheckedAsync("ip", ["netns", "add", name], ct);
        var created = new NetworkNamespace(name);
        try
        {
            await created.IpAsync(ct, "link", "set", "dev", "lo", "up");
        }
        catch
        {
            await created.DisposeAsync();
            throw;
        }

        return created;
    }

    /// <summary>Deletes the namespaces whose names start with <paramref name="prefix"/>.</summary>
    public static async Task RemoveLeftoversAsync(string prefix, CancellationToken ct)
    {
        var list = await Programs.RunCheckedAsync("ip", ["netns", "list"], ct);
        var names = list.StandardOutput
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ')[0])
            .Where(name => name.StartsWith(prefix, StringComparison.Ordinal));
        foreach (var name in names)
            await Programs.RunCheckedAsync("ip", ["netns", "delete", name], ct);
    }

    /// <summary>Runs <c>ip -n &lt;name&gt; args...</c> and throws when it fails.</summary>
    public Task<XenMesh.Node.Linux.ProcessResult> IpAsync(CancellationToken ct, params string[] arguments) =>
        Programs.RunCheckedAsync("ip", ["-n", Name, .. arguments], ct);

    /// <summary>The interface <paramref name="device"/>, or null when it does not exist.</summary>
    public async Task<LinkState?> LinkAsync(string device, CancellationToken ct)
    {
        var result = await Programs.RunAsync("ip", ["-n", Name, "-j", "link", "show", "dev", device], ct);
        if (!result.Succeeded && result.StandardError.Contains("does not exist", StringComparison.Ordinal))
            return null;
        return ParseLinks(Programs.EnsureSucceeded(result).StandardOutput).Single();
    }

    /// <summary>The names of the ports enslaved to <paramref name="bridge"/>.</summary>
    public async Task<IReadOnlyList<string>> PortsAsync(string bridge, CancellationToken ct)
    {
        var result = await IpAsync(ct, "-j", "link", "show", "master", bridge);
        return [.. ParseLinks(result.StandardOutput).Select(link => link.Name)];
    }

    public async ValueTask DisposeAsync() =>
        await Programs.RunAsync("ip", ["netns", "delete", Name], CancellationToken.None);

    private static IEnumerable<LinkState> ParseLinks(string json)
    {
        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.EnumerateArray().Select(link => new LinkState(
            link.GetProperty("ifname").GetString()!,
            link.TryGetProperty("master", out var master) ? master.GetString() : null,
            link.GetProperty("flags").EnumerateArray().Any(flag => flag.GetString() == "UP"),
            link.GetProperty("mtu").GetInt32()))];
    }
}
