using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Serilog;
using XenMesh.Messages.Commands;

namespace XenMesh.Node.Commands.Server;

/// <summary>
/// One client connection. A reader task takes frames off the socket as they come, so a
/// <see cref="CancelCommand"/> or a hang-up reaches the running command at once; a dispatcher runs
/// the requests one after another and is the only writer.
/// </summary>
internal sealed class CommandSession : IDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly PaletteCatalog _catalog;
    private readonly CommandHostLimits _limits;
    private readonly ILogger _logger;
    private readonly EndPoint _caller;
    private readonly Channel<Inbound> _requests;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private CancellationTokenSource? _latestCommand;
    private string? _violation;

    public CommandSession(Socket socket, PaletteCatalog catalog, CommandHostLimits limits, ILogger logger)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: false);
        _catalog = catalog;
        _limits = limits;
        _logger = logger;
        _caller = socket.RemoteEndPoint ?? new IPEndPoint(IPAddress.None, 0);
        _requests = Channel.CreateBounded<Inbound>(new BoundedChannelOptions(limits.MaxQueuedRequests)
        {
            SingleReader = true,
            SingleWriter = true,
        });
    }

    public async Task RunAsync(CancellationToken hostStopping)
    {
        using var closed = CancellationTokenSource.CreateLinkedTokenSource(hostStopping);
        var reading = ReadLoopAsync(closed);
        try
        {
            await DispatchLoopAsync(closed.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            _logger.Debug("Command connection from {Caller} ended: {Reason}", _caller, e.Message);
        }
        finally
        {
            await closed.CancelAsync().ConfigureAwait(false);
            _socket.Dispose();
            await reading.ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        _stream.Dispose();
        _writeLock.Dispose();
    }

    private async Task ReadLoopAsync(CancellationTokenSource closed)
    {
        var writer = _requests.Writer;
        try
        {
            while (true)
            {
                var frame = await CommandFrameCodec.ReadAsync(_stream, _limits.MaxRequestBytes, closed.Token).ConfigureAwait(false);
                switch (frame)
                {
                    case null:
                        // The caller hung up: whatever it asked for stops.
                        await closed.CancelAsync().ConfigureAwait(false);
                        return;
                    case CancelCommand:
                        TryCancel(Volatile.Read(ref _latestCommand));
                        break;
                    case RunCommand:
                        var cancellation = CancellationTokenSource.CreateLinkedTokenSource(closed.Token);
                        Volatile.Write(ref _latestCommand, cancellation);
                        await writer.WriteAsync(new Inbound(frame, cancellation), closed.Token).ConfigureAwait(false);
                        break;
                    case SchemaRequest:
                        await writer.WriteAsync(new Inbound(frame, null), closed.Token).ConfigureAwait(false);
                        break;
                    default:
                        RefuseConnection($"a client may not send a '{frame.GetType().Name}' frame");
                        return;
                }
            }
        }
        catch (InvalidDataException e)
        {
            RefuseConnection(e.Message);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            await closed.CancelAsync().ConfigureAwait(false);
        }
        finally
        {
            writer.TryComplete();
        }
    }

    /// <summary>After a malformed frame nothing more on this connection can be trusted: stop reading, tell the client, close.</summary>
    private void RefuseConnection(string reason)
    {
        _logger.Warning("Command connection from {Caller} broke the protocol: {Reason}", _caller, reason);
        Volatile.Write(ref _violation, reason);
        TryCancel(Volatile.Read(ref _latestCommand));
    }

    private async Task DispatchLoopAsync(CancellationToken closed)
    {
        await foreach (var inbound in _requests.Reader.ReadAllAsync(closed).ConfigureAwait(false))
        {
            if (Volatile.Read(ref _violation) is not null)
            {
                inbound.Cancellation?.Dispose();
                continue;
            }

            switch (inbound.Frame)
            {
                case SchemaRequest:
                    await SendAsync(_catalog.Schema, closed).ConfigureAwait(false);
                    break;
                case RunCommand run:
                    await RunAsync(run, inbound.Cancellation!, closed).ConfigureAwait(false);
                    break;
            }
        }

        if (Volatile.Read(ref _violation) is { } violation)
        {
            await SendAsync(new CommandFailed(violation, FailureKind.Usage), closed).ConfigureAwait(false);
            await LingeringClose.RunAsync(_socket, _stream, closed).ConfigureAwait(false);
        }
    }

    private async Task RunAsync(RunCommand run, CancellationTokenSource cancellation, CancellationToken closed)
    {
        try
        {
            if (!CommandRequestValidator.TryValidate(run, _catalog.Definitions, _limits.MaxArguments, out var request, out var error))
            {
                _logger.Information("Refused {Palette} {Command} from {Caller}: {Reason}", run.Palette, run.Command, _caller, error);
                await SendAsync(new CommandFailed(error, FailureKind.Usage), closed).ConfigureAwait(false);
                return;
            }

            if (request.Command.Mutating)
            {
                _logger.Information(
                    "Command {Palette} {Command} from {Caller} with {Arguments}",
                    run.Palette, run.Command, _caller, run.Arguments.Select(a => a.Value is null ? a.Name : $"{a.Name}={a.Value}").ToList());
            }

            var invocation = new CommandInvocation(run.Palette, run.Command, request.Arguments, run.Json, _caller);
            var final = await ExecuteAsync(_catalog[run.Palette], invocation, cancellation, closed).ConfigureAwait(false);
            if (!closed.IsCancellationRequested)
                await SendAsync(final, closed).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.CompareExchange(ref _latestCommand, null, cancellation);
            cancellation.Dispose();
        }
    }

    private async Task<CommandFrame> ExecuteAsync(
        ICommandPalette palette, CommandInvocation invocation, CancellationTokenSource cancellation, CancellationToken closed)
    {
        // Output is written with the connection's token, never the command's: cancelling a write
        // half-way would leave a torn frame on a connection that is still in use.
        var output = new FrameCommandOutput(frame => SendAsync(frame, closed), cancellation);
        try
        {
            await palette.ExecuteAsync(invocation, output, cancellation.Token).ConfigureAwait(false);
            return new CommandSucceeded();
        }
        catch (CommandFailedException e)
        {
            return new CommandFailed(e.Message);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            _logger.Debug("Command {Palette} {Command} from {Caller} cancelled", invocation.Palette, invocation.Command, _caller);
            return new CommandFailed("command cancelled");
        }
        catch (Exception e)
        {
            _logger.Error(e, "Command {Palette} {Command} from {Caller} failed", invocation.Palette, invocation.Command, _caller);
            return new CommandFailed($"{invocation.Palette} {invocation.Command} failed with an internal error; see the agent's log");
        }
        finally
        {
            output.Complete();
        }
    }

    private async ValueTask SendAsync(CommandFrame frame, CancellationToken closed)
    {
        var bytes = CommandFrameCodec.Encode(frame);
        await _writeLock.WaitAsync(closed).ConfigureAwait(false);
        try
        {
            await _stream.WriteAsync(bytes, closed).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private static void TryCancel(CancellationTokenSource? command)
    {
        try
        {
            command?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The command ended between the lookup and the cancel: nothing left to stop.
        }
    }

    private sealed record Inbound(CommandFrame Frame, CancellationTokenSource? Cancellation);
}
