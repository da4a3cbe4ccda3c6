using XenMesh.Messages.Commands;

namespace XenMesh.Node.Commands.Client;

/// <summary>
/// The <c>xenmesh</c> client: <c>[host:port] &lt;palette&gt; &lt;command&gt; ...</c> runs one command,
/// <c>[host:port] help ...</c> prints help, <c>[host:port]</c> alone opens an interactive shell on one
/// connection. Everything it knows about commands comes from the node's schema.
/// </summary>
internal sealed class CommandLineClient(TextReader input, TextWriter output, TextWriter error, TimeSpan connectTimeout)
{
    private volatile bool _interactive;
    private CancellationTokenSource? _running;

    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken ct)
    {
        var endpoint = ClientEndpoint.Default;
        var words = args;
        if (args.Count > 0 && ClientEndpoint.LooksLikeEndpoint(args[0]))
        {
            if (!ClientEndpoint.TryParse(args[0], out endpoint))
            {
                await error.WriteLineAsync($"xenmesh: '{args[0]}' is not a host:port endpoint (port 1-65535)").ConfigureAwait(false);
                return ClientExitCodes.Usage;
            }

            words = args.Skip(1).ToList();
        }

        try
        {
            var client = await CommandHostClient.ConnectAsync(endpoint, connectTimeout, ct).ConfigureAwait(false);
            await using (client.ConfigureAwait(false))
            {
                if (words.Count > 0)
                    return await ExecuteAsync(client, words, CancellationToken.None).ConfigureAwait(false);
                _interactive = true;
                return await RunShellAsync(client, ct).ConfigureAwait(false);
            }
        }
        catch (CommandHostUnavailableException e)
        {
            await error.WriteLineAsync($"xenmesh: {e.Message}").ConfigureAwait(false);
            return ClientExitCodes.Unavailable;
        }
    }

    /// <summary>
    /// Ctrl-C. In the shell it stops the running command and keeps the shell (true: the console must
    /// not end the process); a one-shot command simply ends with the process (false).
    /// </summary>
    public bool Interrupt()
    {
        if (!_interactive)
            return false;
        try
        {
            Volatile.Read(ref _running)?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The command ended in the meantime.
        }

        return true;
    }

    private async Task<int> RunShellAsync(CommandHostClient client, CancellationToken ct)
    {
        await output.WriteLineAsync($"successfully connected to {client.Endpoint}").ConfigureAwait(false);
        await output.WriteLineAsync("Commands downloaded from server. type `help` to see what's available").ConfigureAwait(false);
        while (true)
        {
            await output.WriteAsync($"[{client.Endpoint}] xenmesh> ").ConfigureAwait(false);
            await output.FlushAsync(ct).ConfigureAwait(false);
            var line = await input.ReadLineAsync(ct).ConfigureAwait(false);
            if (line is null)
            {
                await output.WriteLineAsync().ConfigureAwait(false);
                return ClientExitCodes.Success;
            }

            if (!CommandLineTokenizer.TryTokenize(line, out var words, out var tokenError))
            {
                await error.WriteLineAsync($"xenmesh: {tokenError}").ConfigureAwait(false);
                continue;
            }

            if (words.Count == 0)
                continue;
            if (words is ["exit" or "quit"])
                return ClientExitCodes.Success;

            using var running = new CancellationTokenSource();
            Volatile.Write(ref _running, running);
            try
            {
                await ExecuteAsync(client, words, running.Token).ConfigureAwait(false);
            }
            finally
            {
                Volatile.Write(ref _running, null);
            }
        }
    }

    private async Task<int> ExecuteAsync(CommandHostClient client, IReadOnlyList<string> words, CancellationToken interrupt)
    {
        if (words[0] == "help")
            return await HelpAsync(client.Schema, words.Skip(1).ToArray()).ConfigureAwait(false);
        if (!CommandLineParser.TryParse(words, client.Schema.Palettes, out var request, out var usage))
            return await UsageAsync(client.Schema, usage).ConfigureAwait(false);
        return await client.RunAsync(request, output, error, interrupt).ConfigureAwait(false);
    }

    private async Task<int> HelpAsync(SchemaResponse schema, string[] topic)
    {
        if (topic.Length == 0)
        {
            SchemaHelp.WriteOverview(output, schema);
            return ClientExitCodes.Success;
        }

        var palette = schema.Palettes.FirstOrDefault(p => p.Name == topic[0]);
        if (palette is null)
            return await UsageAsync(schema, new UsageError($"unknown palette '{topic[0]}'")).ConfigureAwait(false);
        if (topic.Length == 1)
        {
            SchemaHelp.WritePalette(output, palette);
            return ClientExitCodes.Success;
        }

        var command = palette.Commands.FirstOrDefault(c => c.Name == topic[1]);
        if (command is null)
            return await UsageAsync(schema, new UsageError($"unknown command '{topic[1]}' in palette '{palette.Name}'", palette)).ConfigureAwait(false);
        if (topic.Length > 2)
            return await UsageAsync(schema, new UsageError("help takes at most a palette and a command", palette, command)).ConfigureAwait(false);
        SchemaHelp.WriteCommand(output, palette, command);
        return ClientExitCodes.Success;
    }

    /// <summary>The message, then the narrowest help the schema has for what was typed.</summary>
    private async Task<int> UsageAsync(SchemaResponse schema, UsageError usage)
    {
        await error.WriteLineAsync($"xenmesh: {usage.Message}").ConfigureAwait(false);
        if (usage is { Palette: { } palette, Command: { } command })
            SchemaHelp.WriteCommand(error, palette, command);
        else if (usage.Palette is { } known)
            SchemaHelp.WritePalette(error, known);
        else if (schema.Palettes.Count == 0)
            await error.WriteLineAsync("this node serves no palettes").ConfigureAwait(false);
        else
            await error.WriteLineAsync($"palettes: {string.Join(", ", schema.Palettes.Select(p => p.Name))}; type `help` for their commands").ConfigureAwait(false);
        return ClientExitCodes.Usage;
    }
}
