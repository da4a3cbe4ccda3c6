using System.Text.RegularExpressions;
using XenMesh.IntegrationTests.TestHost;

namespace XenMesh.IntegrationTests.Dns;

/// <summary>What <c>dig</c>, run inside a namespace, printed: the status, the header flags and the answer lines.</summary>
internal sealed partial record DigAnswer(string Status, IReadOnlyList<string> Flags, IReadOnlyList<string> Answers, string Output)
{
    /// <summary><c>dig @server name type</c> from <paramref name="namespace"/>, one try with a 3-second wait, over TCP when <paramref name="tcp"/>.</summary>
    public static async Task<DigAnswer> QueryAsync(NetworkNamespace @namespace, string server, string name, string type, CancellationToken ct, bool tcp = false)
    {
        var result = await Dig.RunAsync(@namespace, server, ct, name, type, tcp ? "+tcp" : "+notcp", "+time=3", "+nocookie", "+noall", "+comments", "+answer");
        var output = result.StandardOutput + result.StandardError;
        var status = StatusLine().Match(output);
        var flags = FlagsLine().Match(output);
        return new DigAnswer(
            status.Success ? status.Groups[1].Value : "NO-ANSWER",
            flags.Success ? flags.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries) : [],
            [.. output.Split('\n').Where(l => l.Length > 0 && !l.StartsWith(';'))],
            output);
    }

    [GeneratedRegex(@"status: ([A-Z]+)")]
    private static partial Regex StatusLine();

    [GeneratedRegex(@";; flags: ([a-z ]+);")]
    private static partial Regex FlagsLine();
}
