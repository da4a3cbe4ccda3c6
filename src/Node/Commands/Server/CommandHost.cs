using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Serilog;
using XenMesh.Messages.Commands;
using XenMesh.Node.Configuration;

namespace XenMesh.Node.Commands.Server;

/// <summary>
/// The pbm-style endpoint inside the agent: accepts connections on
/// <see cref="CommandHostSettings.Host"/>:<see cref="CommandHostSettings.Port"/> and serves each in a
/// <see cref="CommandSession"/>. Port 0 picks a free port; <see cref="LocalEndpoint"/> tells which.
/// </summary>
internal sealed class CommandHost(
    CommandHostSettings settings,
    PaletteCatalog catalog,
    CommandHostLimits limits,
    ILogger logger) : IHostedService, IDisposable
{
    private static readonly TimeSpan RefusalTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan AcceptRetryDelay = TimeSpan.FromMilliseconds(200);

    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<Task, bool> _connections = new();
    private TcpListener? _listener;
    private Task _accepting = Task.CompletedTask;
    private int _open;

    public IPEndPoint LocalEndpoint =>
        _listener?.LocalEndpoint as IPEndPoint ?? throw new InvalidOperationException("the command host has not started");

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _listener = new TcpListener(IPAddress.Parse(settings.Host), settings.Port);
        _listener.Start();
        logger.Information(
            "Command host listening on {Endpoint} with palettes {Palettes}",
            LocalEndpoint, catalog.Definitions.Select(d => d.Name).ToList());
        _accepting = AcceptLoopAsync(_listener);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener?.Stop();
        await _accepting.ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_connections.Keys).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            logger.Warning("Command host stopped with {Count} connections still closing", _connections.Count);
            return;
        }

        logger.Information("Command host stopped");
    }

    public void Dispose()
    {
        _listener?.Dispose();
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync(TcpListener listener)
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptSocketAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                // Out of descriptors and the like: back off instead of spinning on the same error.
                logger.Warning(e, "Command host could not accept a connection");
                await Task.Delay(AcceptRetryDelay, TimeProvider.System, CancellationToken.None).ConfigureAwait(false);
                continue;
            }

            socket.NoDelay = true;
            if (Interlocked.Increment(ref _open) > limits.MaxConnections)
            {
                Interlocked.Decrement(ref _open);
                Track(RefuseAsync(socket));
            }
            else
            {
                Track(ServeAsync(socket));
            }
        }
    }

    private void Track(Task connection)
    {
        _connections.TryAdd(connection, true);
        connection.ContinueWith(t => _connections.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async Task ServeAsync(Socket socket)
    {
        await Task.Yield();
        var caller = socket.RemoteEndPoint;
        logger.Debug("Command client {Caller} connected", caller);
        try
        {
            using var session = new CommandSession(socket, catalog, limits, logger);
            await session.RunAsync(_stopping.Token).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            logger.Error(e, "Command connection from {Caller} failed", caller);
        }
        finally
        {
            socket.Dispose();
            Interlocked.Decrement(ref _open);
            logger.Debug("Command client {Caller} disconnected", caller);
        }
    }

    /// <summary>Tells an over-limit caller why before closing.</summary>
    private async Task RefuseAsync(Socket socket)
    {
        logger.Warning("Command host refused {Caller}: {Limit} connections are open", socket.RemoteEndPoint, limits.MaxConnections);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        timeout.CancelAfter(RefusalTimeout);
        try
        {
            await using var stream = new NetworkStream(socket, ownsSocket: false);
            var refusal = new CommandFailed($"the command host is busy: all {limits.MaxConnections} connection slots are in use; try again later");
            await CommandFrameCodec.WriteAsync(stream, refusal, timeout.Token).ConfigureAwait(false);
            await LingeringClose.RunAsync(socket, stream, _stopping.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
        {
            logger.Debug("Refused command client {Caller} went away: {Reason}", socket.RemoteEndPoint, e.Message);
        }
        finally
        {
            socket.Dispose();
        }
    }
}
