using System.Diagnostics;
using XenMesh.Node.Linux;

namespace XenMesh.IntegrationTests.Linux;

/// <summary>
/// A throw-away network namespace named <c>PREFIX + 4 random hex digits</c>. Creating one first
/// removes leftovers of the same prefix from an earlier, interrupted run; disposing deletes it, which
/// also destroys every interface inside it (and the peers of its veth pairs).
/// </summary>
internal sealed class NetworkNamespace : IDisposable
{
    private NetworkNamespace(string name)
    {
        Name = name;
        Runner = new NamespaceProcessRunner(name);
    }

    public string Name { get; }

    /// <summary>Runs programs inside this namespace.</summary>
    public IProcessRunner Runner { get; }

    public static NetworkNamespace Create(string prefix, bool removeLeftovers = true)
    {
        if (removeLeftovers)
            RemoveLeftovers(prefix);
        return CreateNamed(NewName(prefix));
    }

    /// <summary>A fresh name with this prefix, for a namespace that is created later (or never).</summary>
    public static string NewName(string prefix) => $"{prefix}{Random.Shared.Next(0x10000):x4}";

    public static NetworkNamespace CreateNamed(string name)
    {
        Ip("netns", "add", name);
        Ip("-n", name, "link", "set", "lo", "up");
        return new NetworkNamespace(name);
    }

    /// <summary>Deletes every namespace whose name starts with <paramref name="prefix"/>.</summary>
    public static void RemoveLeftovers(string prefix)
    {
        foreach (var line in Ip("netns", "list").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = line.Split(' ')[0];
            if (name.StartsWith(prefix, StringComparison.Ordinal))
                Ip("netns", "del", name);
        }
    }

    /// <summary>Runs a program in the namespace and returns its stdout; a failure fails the test.</summary>
    public async Task<string> RunAsync(string program, params string[] arguments)
    {
        var result = await Runner.RunAsync(program, arguments, TestContext.Current.CancellationToken);
        return result.Succeeded
            ? result.StandardOutput
            : throw new InvalidOperationException($"{result.CommandLine} exited with {result.ExitCode}: {result.StandardError}");
    }

    public void Dispose() => Ip("netns", "del", Name);

    private static string Ip(params string[] arguments)
    {
        var info = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start ip");
        var stdout = process.StandardOutput.ReadToEnd();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0
            ? stdout
            : throw new InvalidOperationException($"ip {string.Join(' ', arguments)} exited with {process.ExitCode}: {stderr}");
    }
}
