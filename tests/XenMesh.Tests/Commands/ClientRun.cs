using XenMesh.Node.Commands.Client;

namespace XenMesh.Tests.Commands;

/// <summary>One run of the real client with its standard input, output and error captured.</summary>
internal sealed record ClientRun(int ExitCode, string Output, string Error)
{
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);

    public static async Task<ClientRun> RunAsync(IReadOnlyList<string> args, string input = "")
    {
        using var stdin = new StringReader(input);
        await using var stdout = new StringWriter();
        await using var stderr = new StringWriter();
        var client = new CommandLineClient(stdin, stdout, stderr, ConnectTimeout);
        var exitCode = await client.RunAsync(args, TestContext.Current.CancellationToken);
        return new ClientRun(exitCode, stdout.ToString().ReplaceLineEndings("\n"), stderr.ToString().ReplaceLineEndings("\n"));
    }
}
