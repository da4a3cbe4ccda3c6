using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Serilog;
using XenMesh.Node.Dns.Recursion;
using XenMesh.Node.Dns.Wire;
using XenMesh.Node.Dns.Zone;
using XenMesh.Node.Linux;

namespace XenMesh.Node.Dns.Server;

/// <summary>
/// DNS over UDP and TCP on each configured address (the bridge address and <c>dns.listen</c>), never a
/// wildcard. Answers come from the current <see cref="ZoneSnapshot"/> without asking an actor; names outside
/// our zones go to <see cref="IDnsRecursion"/>. Per address, one UDP socket per core shares the port
/// (SO_REUSEPORT) and is served by its own thread, which takes a batch of queries with one recvmmsg and
/// sends their answers with one sendmmsg (or, without them, one blocking call per datagram), allocating nothing;
/// TCP (RFC 7766) takes several queries per connection with an idle timeout and caps connections in total
/// and per source. An address that does not exist yet (the bridge before BridgeActor creates it) is retried
/// until it does. Nothing is served before the first zone snapshot.
/// </summary>
internal sealed class DnsServer(
    DnsServerOptions options,
    ZoneSnapshotHolder zone,
    IDnsRecursion recursion,
    DnsServerCounters counters,
    ILogger logger) : BackgroundService
{
    private const int SoReusePort = 15;
    private const int SolSocket = 1;
    private const int MaxRecursionInFlight = 1024;
    private const int UdpBufferLength = 4096;

    /// <summary>ENOSYS: the kernel lacks the system call.</summary>
    private const int NoSuchCall = 38;

    private static readonly TimeSpan BindRetry = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan BatchReceiveTimeout = TimeSpan.FromMilliseconds(500);
    private static readonly IPEndPoint AnyEndPoint = new(IPAddress.Any, 0);

    private readonly ConcurrentDictionary<IPAddress, int> _tcpPerSource = new();
    private readonly List<Socket> _sockets = [];
    private int _tcpConnections;
    private int _recursionInFlight;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await zone.FirstPublished.WaitAsync(stoppingToken).ConfigureAwait(false);
        var listeners = options.Addresses.Select(address => ListenAsync(address, stoppingToken)).ToArray();
        try
        {
            await Task.WhenAll(listeners).ConfigureAwait(false);
        }
        finally
        {
            lock (_sockets)
            {
                foreach (var socket in _sockets)
                    socket.Dispose();
            }
        }
    }

    private async Task ListenAsync(IPAddress address, CancellationToken ct)
    {
        var waiting = false;
        while (true)
        {
            var bound = new List<Socket>();
            try
            {
                for (var i = 0; i < options.UdpSockets; i++)
                    bound.Add(OpenUdp(address));
                bound.Add(OpenTcp(address));
            }
            catch (SocketException e)
            {
                foreach (var socket in bound)
                    socket.Dispose();
                if (!waiting)
                    logger.Warning("DNS server waiting for {Address} port {Port}: {Problem}", address, options.Port, e.Message);
                waiting = true;
                await Task.Delay(BindRetry, ct).ConfigureAwait(false);
                continue;
            }

            lock (_sockets)
                _sockets.AddRange(bound);
            logger.Information("DNS server listening on {Address} port {Port} (UDP x{Sockets}, TCP)", address, options.Port, options.UdpSockets);
            foreach (var udp in bound.Take(options.UdpSockets))
            {
                var thread = new Thread(() => ServeUdp(udp, ct)) { IsBackground = true, Name = $"dns-udp {address}" };
                thread.Start();
            }

            await AcceptTcpAsync(bound[^1], ct).ConfigureAwait(false);
            return;
        }
    }

    private Socket OpenUdp(IPAddress address)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.SetRawSocketOption(SolSocket, SoReusePort, BitConverter.GetBytes(1));
            socket.Bind(new IPEndPoint(address, options.Port));
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private Socket OpenTcp(IPAddress address)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(new IPEndPoint(address, options.Port));
            socket.Listen(options.MaxTcpConnections);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private void ServeUdp(Socket socket, CancellationToken ct)
    {
        if (options.BatchedUdp && ServeUdpBatched(socket, ct))
            return;
        ServeUdpOneByOne(socket, ct);
    }

    /// <summary>
    /// The receive loop with one recvmmsg and one sendmmsg per batch of queries (up to <see cref="UdpBatch.Size"/>),
    /// the way bench/dns/echo.c does it: under load most of the cost per query was the two system calls.
    /// </summary>
    /// <returns>False when this kernel has no recvmmsg; the caller then serves the socket one datagram at a time.</returns>
    private bool ServeUdpBatched(Socket socket, CancellationToken ct)
    {
        UdpBatchNative.SetReceiveTimeout(socket, BatchReceiveTimeout);
        using var batch = new UdpBatch();
        Span<long> outcomes = stackalloc long[DnsServerCounters.OutcomeCount];
        var referenced = false;
        socket.SafeHandle.DangerousAddRef(ref referenced);
        try
        {
            var fd = socket.SafeHandle.DangerousGetHandle();
            while (!ct.IsCancellationRequested)
            {
                var received = batch.Receive(fd);
                if (received == -NoSuchCall)
                {
                    logger.Information("DNS server: no recvmmsg on this kernel; receiving one datagram per call");
                    return false;
                }

                if (received < 0)
                {
                    if (received is not (-UdpBatchNative.EAgain or -UdpBatchNative.EIntr))
                        logger.Debug("DNS UDP receive: errno {Errno}", -received);
                    continue;
                }

                if (zone.Current is not { } snapshot)
                    continue;
                for (var i = 0; i < received; i++)
                {
                    if (batch.IsTruncated(i))
                        continue;
                    var query = batch.Query(i);
                    var result = QueryResponder.Respond(query, snapshot, tcp: false, batch.Response(i));
                    if (result.Outcome == DnsOutcome.FormatError)
                        counters.Count(result);
                    else
                        outcomes[(int)result.Outcome]++;
                    if (result.Outcome == DnsOutcome.Recursion)
                        RecurseUdp(socket, query, batch.Sender(i), result.Limit, ct);
                    else if (result.Length > 0)
                        batch.Reply(i, result.Length);
                }

                if (batch.Send(fd, out var errno) > 0)
                    logger.Debug("DNS UDP send: errno {Errno}", errno);
                counters.Add(outcomes);
            }

            return true;
        }
        finally
        {
            if (referenced)
                socket.SafeHandle.DangerousRelease();
        }
    }

    private void ServeUdpOneByOne(Socket socket, CancellationToken ct)
    {
        var query = new byte[UdpBufferLength];
        var response = new byte[UdpBufferLength];
        var client = new SocketAddress(AddressFamily.InterNetwork);
        while (!ct.IsCancellationRequested)
        {
            int received;
            try
            {
                received = socket.ReceiveFrom(query, SocketFlags.None, client);
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.OperationAborted or SocketError.Interrupted or SocketError.Shutdown)
            {
                return;
            }
            catch (SocketException e)
            {
                // ICMP errors from earlier sends surface here (ECONNREFUSED); the socket is still fine.
                logger.Debug("DNS UDP receive: {Problem}", e.Message);
                continue;
            }

            if (zone.Current is not { } snapshot)
                continue;
            var result = QueryResponder.Respond(query.AsSpan(0, received), snapshot, tcp: false, response);
            counters.Count(result);
            if (result.Outcome == DnsOutcome.Recursion)
            {
                RecurseUdp(socket, query.AsSpan(0, received), (IPEndPoint)AnyEndPoint.Create(client), result.Limit, ct);
                continue;
            }

            if (result.Length == 0)
                continue;
            try
            {
                socket.SendTo(response.AsSpan(0, result.Length), SocketFlags.None, client);
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                logger.Debug("DNS UDP send: {Problem}", e.Message);
            }
        }
    }

    private void RecurseUdp(Socket socket, ReadOnlySpan<byte> query, IPEndPoint endpoint, int limit, CancellationToken ct)
    {
        if (Interlocked.Increment(ref _recursionInFlight) > MaxRecursionInFlight)
        {
            Interlocked.Decrement(ref _recursionInFlight);
            counters.RecursionOverloaded();
            return;
        }

        var copy = query.ToArray();
        _ = Task.Run(
            async () =>
            {
                var response = ArrayPool<byte>.Shared.Rent(Math.Max(limit, DnsLimits.ClassicUdpPayload));
                try
                {
                    var length = await recursion.ResolveAsync(copy, endpoint, limit, response.AsMemory(0, limit), ct).ConfigureAwait(false);
                    // A blocking send: an asynchronous one would switch the socket to non-blocking mode under
                    // the receive loop. A UDP send does not wait for the peer.
                    if (length > 0)
                        socket.SendTo(response.AsSpan(0, length), SocketFlags.None, endpoint);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    // Stopping.
                }
                catch (ObjectDisposedException)
                {
                    // Stopping: the socket is closed.
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    counters.RecursionFailed();
                    logger.Warning(e, "DNS recursion for {Client} failed; the query gets no answer", endpoint);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(response);
                    Interlocked.Decrement(ref _recursionInFlight);
                }
            },
            CancellationToken.None);
    }

    private async Task AcceptTcpAsync(Socket listener, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            Socket connection;
            try
            {
                connection = await listener.AcceptAsync(ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException e)
            {
                logger.Warning("DNS TCP accept failed: {Problem}", e.Message);
                await Task.Delay(BindRetry, ct).ConfigureAwait(false);
                continue;
            }

            var source = ((IPEndPoint)connection.RemoteEndPoint!).Address;
            var perSource = _tcpPerSource.AddOrUpdate(source, 1, (_, n) => n + 1);
            if (Interlocked.Increment(ref _tcpConnections) > options.MaxTcpConnections || perSource > options.MaxTcpConnectionsPerSource)
            {
                counters.TcpRefused();
                Interlocked.Decrement(ref _tcpConnections);
                Release(source);
                connection.Dispose();
                continue;
            }

            _ = ServeTcpAsync(connection, source, ct);
        }
    }

    private async Task ServeTcpAsync(Socket connection, IPAddress source, CancellationToken ct)
    {
        var query = ArrayPool<byte>.Shared.Rent(DnsLimits.MaxMessageLength);
        var response = ArrayPool<byte>.Shared.Rent(DnsLimits.MaxMessageLength + 2);
        var client = (IPEndPoint)connection.RemoteEndPoint!;
        try
        {
            using (connection)
            {
                while (!ct.IsCancellationRequested)
                {
                    using var idle = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    idle.CancelAfter(options.TcpIdleTimeout);
                    if (!await ReadExactlyAsync(connection, query.AsMemory(0, 2), idle.Token).ConfigureAwait(false))
                        return;
                    var length = BinaryPrimitives.ReadUInt16BigEndian(query);
                    if (!await ReadExactlyAsync(connection, query.AsMemory(0, length), idle.Token).ConfigureAwait(false))
                        return;

                    var answered = await AnswerTcpAsync(query.AsMemory(0, length), client, response, ct).ConfigureAwait(false);
                    if (answered == 0)
                        continue;
                    BinaryPrimitives.WriteUInt16BigEndian(response, (ushort)answered);
                    await connection.SendAsync(response.AsMemory(0, answered + 2), SocketFlags.None, ct).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Idle timeout or stopping: close the connection.
        }
        catch (SocketException)
        {
            // The client went away.
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.Warning(e, "DNS TCP connection from {Client} failed", client);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(query);
            ArrayPool<byte>.Shared.Return(response);
            Interlocked.Decrement(ref _tcpConnections);
            Release(source);
        }
    }

    /// <summary>The response length written after the 2-octet prefix of <paramref name="response"/>, or 0 for none.</summary>
    private async Task<int> AnswerTcpAsync(ReadOnlyMemory<byte> query, IPEndPoint client, byte[] response, CancellationToken ct)
    {
        if (zone.Current is not { } snapshot)
            return 0;
        var result = QueryResponder.Respond(query.Span, snapshot, tcp: true, response.AsSpan(2, DnsLimits.MaxMessageLength));
        counters.Count(result);
        if (result.Outcome != DnsOutcome.Recursion)
            return result.Length;
        try
        {
            return await recursion.ResolveAsync(query, client, DnsLimits.MaxMessageLength, response.AsMemory(2, DnsLimits.MaxMessageLength), ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not (OutOfMemoryException or OperationCanceledException))
        {
            counters.RecursionFailed();
            logger.Warning(e, "DNS recursion for {Client} failed; the query gets no answer", client);
            return 0;
        }
    }

    private static async Task<bool> ReadExactlyAsync(Socket socket, Memory<byte> buffer, CancellationToken ct)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await socket.ReceiveAsync(buffer[read..], SocketFlags.None, ct).ConfigureAwait(false);
            if (n == 0)
                return false;
            read += n;
        }

        return true;
    }

    private void Release(IPAddress source)
    {
        if (_tcpPerSource.AddOrUpdate(source, 0, (_, n) => n - 1) <= 0)
            _tcpPerSource.TryRemove(new KeyValuePair<IPAddress, int>(source, 0));
    }
}
