using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Serialization;
using XenMesh.Messages.Commands;

namespace XenMesh.Node.Commands.Server;

/// <summary>
/// A command's output as <see cref="OutputLine"/> and <see cref="OutputRecord"/> frames. When the
/// caller has gone, a write cancels the command and throws <see cref="OperationCanceledException"/>,
/// so a streaming command ends the way it ends on Ctrl-C.
/// </summary>
internal sealed class FrameCommandOutput(Func<CommandFrame, ValueTask> send, CancellationTokenSource command) : ICommandOutput
{
    private static readonly JsonSerializerOptions RecordOptions = CreateRecordOptions();

    private volatile bool _completed;

    public ValueTask WriteLineAsync(string text, CancellationToken ct) => SendAsync(new OutputLine(text), ct);

    public ValueTask WriteRecordAsync<T>(T record, CancellationToken ct) =>
        SendAsync(new OutputRecord(JsonSerializer.SerializeToElement(record, RecordOptions)), ct);

    /// <summary>The final frame is about to go out; anything written after it would be read as the next command's.</summary>
    public void Complete() => _completed = true;

    private async ValueTask SendAsync(CommandFrame frame, CancellationToken ct)
    {
        if (_completed)
            throw new InvalidOperationException("the command has ended; its output is closed");
        ct.ThrowIfCancellationRequested();
        try
        {
            await send(frame).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            await command.CancelAsync().ConfigureAwait(false);
            throw new OperationCanceledException("the caller disconnected", e, command.Token);
        }
    }

    private static JsonSerializerOptions CreateRecordOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
