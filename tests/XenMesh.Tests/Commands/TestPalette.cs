using XenMesh.Messages.Commands;
using XenMesh.Node.Commands;

namespace XenMesh.Tests.Commands;

/// <summary>
/// A small real palette for the command host and client tests: echo text or records, fail, crash,
/// stream until cancelled, and one mutating command. It counts what it ran.
/// </summary>
internal sealed class TestPalette : ICommandPalette
{
    private int _executions;

    public PaletteDefinition Definition { get; } = new("test", "commands for the command host's tests",
    [
        new CommandDefinition("echo", "print each text",
        [
            new ArgumentDefinition("text", "text to print", ["-t", "-T"], IsMandatory: true, AllowMultiple: true),
            new ArgumentDefinition("upper", "print in upper case", ["-u"], IsFlag: true),
            new ArgumentDefinition("prefix", "put this before each text", ["-p"], DefaultValues: [">", "#"]),
        ]),
        new CommandDefinition("fail", "end with an error", [new ArgumentDefinition("message", "the error", ["-m"], IsMandatory: true)]),
        new CommandDefinition("crash", "throw something unexpected", []),
        new CommandDefinition("stream", "print a line, then wait until cancelled", []),
        new CommandDefinition("set", "change a setting", [new ArgumentDefinition("key", "which setting", ["-k"], IsMandatory: true)], Mutating: true),
    ]);

    public int Executions => Volatile.Read(ref _executions);

    public TaskCompletionSource StreamStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource StreamCancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task ExecuteAsync(CommandInvocation invocation, ICommandOutput output, CancellationToken ct)
    {
        Interlocked.Increment(ref _executions);
        switch (invocation.Command)
        {
            case "echo":
                foreach (var text in invocation.GetAll("text"))
                {
                    var shown = $"{invocation.Get("prefix")}{(invocation.Has("upper") ? text!.ToUpperInvariant() : text)}";
                    if (invocation.Json)
                        await output.WriteRecordAsync(new { Text = shown, Length = shown.Length }, ct);
                    else
                        await output.WriteLineAsync(shown, ct);
                }

                break;
            case "fail":
                throw new CommandFailedException(invocation.Get("message")!);
            case "crash":
                throw new InvalidOperationException("a bug in the palette");
            case "stream":
                await output.WriteLineAsync("streaming", ct);
                StreamStarted.TrySetResult();
                try
                {
                    await Task.Delay(Timeout.Infinite, ct);
                }
                catch (OperationCanceledException)
                {
                    StreamCancelled.TrySetResult();
                    throw;
                }

                break;
            case "set":
                await output.WriteLineAsync($"set {invocation.Get("key")}", ct);
                break;
        }
    }
}
