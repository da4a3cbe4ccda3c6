namespace XenMesh.Node.Commands.Client;

/// <summary>The client on the process console: stdin, stdout, stderr and Ctrl-C.</summary>
internal static class ClientCommand
{
    /// <summary>Well inside the hotplug script's <c>timeout 5</c>, so a dead agent is reported, not killed.</summary>
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(3);

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
