namespace XenMesh.Node.Commands.Client;

/// <summary>The client on the process console: stdin, stdout, stderr and Ctrl-C.</summary>
internal static class ClientCommand
{
    /// <summary>
    /// Inside the hotplug script's <c>timeout 10</c>, so a dead agent is reported, not killed; long enough for a
    /// busy agent (3 s timed out on a loaded 2-core machine while the agent was fine).
    /// </summary>
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(8);

    public static async Task<int> RunAsync(string[] args)
    {
        var client = new CommandLineClient(Console.In, Console.Out, Console.Error, ConnectTimeout);
        void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e) => e.Cancel = client.Interrupt();
        Console.CancelKeyPress += OnCancelKeyPress;
        try
        {
            return await client.RunAsync(args, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            Console.CancelKeyPress -= OnCancelKeyPress;
        }
    }
}
