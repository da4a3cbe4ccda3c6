using System.Net.Sockets;
using System.Text.Encodings.Web;
using System.Text.Json;
using XenMesh.Messages.Commands;

namespace XenMesh.Node.Commands.Client;

/// <summary>
/// One connection to a node's command host with its schema downloaded. Commands run one after
/// another on it; network trouble surfaces as <see cref="CommandHostUnavailableException"/>.
/// </summary>
internal sealed class CommandHostClient : IAsyncDisposable
{
    /// <summary>How long a command may take to end after the interrupt before the client gives up on the node.</summary>
    private static readonly TimeSpan CancelGrace = TimeSpan.FromSeconds(5);

    /// <summary>Records go to terminals and scripts, never into HTML: keep <c>&lt;</c>, <c>&amp;</c> and non-ASCII readable.</summary>
    private static readonly JsonSerializerOptions RecordOutput = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly Socket _socket;
    private readonly NetworkStream _stream;

    private CommandHostClient(ClientEndpoint endpoint, Socket socket, NetworkStream stream, SchemaResponse schema)
    {
        Endpoint = endpoint;
        _socket = socket;
        _stream = stream;
        Schema = schema;
    }

    public ClientEndpoint Endpoint { get; }

    public SchemaResponse Schema { get; }

    /// <summary>Connects and downloads the schema, both within <paramref name="timeout"/>.</summary>
    public static async Task<CommandHostClient> ConnectAsync(ClientEndpoint endpoint, TimeSpan timeout, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        NetworkStream? stream = null;
        CommandHostClient? connected = null;
        try
        {
            var addresses = await System.Net.Dns.GetHostAddressesAsync(endpoint.Host, AddressFamily.InterNetwork, deadline.Token).ConfigureAwait(false);
            await socket.ConnectAsync(addresses, endpoint.Port, deadline.Token).ConfigureAwait(false);
            stream = new NetworkStream(socket, ownsSocket: true);
            await CommandFrameCodec.WriteAsync(stream, new SchemaRequest(), deadline.Token).ConfigureAwait(false);
            var answer = await CommandFrameCodec.ReadAsync(stream, CommandFrameCodec.DefaultMaxResponseBytes, deadline.Token).ConfigureAwait(false);
            if (answer is SchemaResponse schema)
                return connected = new CommandHostClient(endpoint, socket, stream, schema);

            throw new CommandHostUnavailableException(answer switch
            {
                CommandFailed failed => $"{endpoint} refused the connection: {failed.Message}",
                null => $"{endpoint} closed the connection before sending its commands",
                _ => $"{endpoint} answered with '{answer.GetType().Name}' instead of its commands",
            });
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new CommandHostUnavailableException($"cannot connect to {endpoint}: no answer within {timeout.TotalSeconds:0.#} s");
        }
        catch (Exception e) when (e is SocketException or IOException or InvalidDataException)
        {
            throw new CommandHostUnavailableException($"cannot connect to {endpoint}: {e.Message}", e);
        }
        finally
        {
            if (connected is null)
            {
                if (stream is not null)
                    await stream.DisposeAsync().ConfigureAwait(false);
                socket.Dispose();
            }
        }
    }

    /// <summary>
    /// Sends <paramref name="request"/>, copies its output to <paramref name="output"/> and its error to
    /// <paramref name="error"/>, and returns the exit code. <paramref name="interrupt"/> asks the node to
    /// stop the command (Ctrl-C); the node's answer still ends it.
    /// </summary>
    public async Task<int> RunAsync(RunCommand request, TextWriter output, TextWriter error, CancellationToken interrupt)
    {
        using var grace = new CancellationTokenSource();
        try
        {
            await CommandFrameCodec.WriteAsync(_stream, request, CancellationToken.None).ConfigureAwait(false);
            await using var onInterrupt = interrupt.Register(() => _ = RequestCancelAsync(grace));
            while (true)
            {
                var frame = await CommandFrameCodec.ReadAsync(_stream, CommandFrameCodec.DefaultMaxResponseBytes, grace.Token).ConfigureAwait(false);
                switch (frame)
                {
                    case OutputLine line:
                        await output.WriteLineAsync(line.Text).ConfigureAwait(false);
                        break;
                    case OutputRecord record:
                        await output.WriteLineAsync(JsonSerializer.Serialize(record.Data, RecordOutput)).ConfigureAwait(false);
                        break;
                    case CommandSucceeded:
                        return ClientExitCodes.Success;
                    case CommandFailed failed:
                        await error.WriteLineAsync(failed.Message).ConfigureAwait(false);
                        return failed.Kind == FailureKind.Usage ? ClientExitCodes.Usage : ClientExitCodes.CommandFailed;
                    case null:
                        throw new CommandHostUnavailableException($"{Endpoint} closed the connection before the command ended");
                    default:
                        throw new CommandHostUnavailableException($"{Endpoint} sent an unexpected '{frame.GetType().Name}' frame");
                }
            }
        }
        catch (OperationCanceledException) when (grace.IsCancellationRequested)
        {
            throw new CommandHostUnavailableException($"{Endpoint} did not stop the command within {CancelGrace.TotalSeconds:0} s");
        }
        catch (Exception e) when (e is SocketException or IOException or InvalidDataException or ObjectDisposedException)
        {
            throw new CommandHostUnavailableException($"connection to {Endpoint} lost: {e.Message}", e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync().ConfigureAwait(false);
        _socket.Dispose();
    }

    private async Task RequestCancelAsync(CancellationTokenSource grace)
    {
        try
        {
            await CommandFrameCodec.WriteAsync(_stream, new CancelCommand(), CancellationToken.None).ConfigureAwait(false);
            grace.CancelAfter(CancelGrace);
        }
        catch (Exception e) when (e is SocketException or IOException or ObjectDisposedException)
        {
            // The command ended and its connection with it; the read loop reports what happened.
        }
    }
}
