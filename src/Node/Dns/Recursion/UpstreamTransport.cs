using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace XenMesh.Node.Dns.Recursion;

/// <summary>Decides whether a reply is the awaited answer; null accepts it.</summary>
public delegate UpstreamDropReason? ReplyCheck(ReadOnlySpan<byte> reply);

/// <summary>
/// One query to one upstream server and its answer, over UDP or TCP (RFC 5452 §9, protocol-rules F1, F2).
/// Each UDP query gets a socket of its own bound to port 0: Linux picks the port at random from the
/// ephemeral range, so the source port is unpredictable and never reused by another outstanding query.
/// The socket is not connected, so a datagram from anywhere else arrives, is counted and dropped instead
/// of vanishing in the kernel.
/// </summary>
public static class UpstreamTransport
{
    private const int MaxMessage = 65535;

    /// <summary>The first reply <paramref name="check"/> accepts, or null when none came within <paramref name="timeout"/>.</summary>
    public static async Task<byte[]?> QueryUdpAsync(
        IPEndPoint server, ReadOnlyMemory<byte> query, ReplyCheck check, TimeSpan timeout, DnsRecursionCounters counters, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(check);
        ArgumentNullException.ThrowIfNull(counters);
        using var socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        var buffer = ArrayPool<byte>.Shared.Rent(MaxMessage);
        try
        {
            socket.Bind(new IPEndPoint(server.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0));
            await socket.SendToAsync(query, server, deadline.Token).ConfigureAwait(false);
            EndPoint any = new IPEndPoint(server.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
            while (true)
            {
                var received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, any, deadline.Token).ConfigureAwait(false);
                if (!server.Equals(received.RemoteEndPoint))
                {
                    counters.Dropped(UpstreamDropReason.WrongSource);
                    continue;
                }

                var reply = buffer.AsSpan(0, received.ReceivedBytes);
                if (check(reply) is { } reason)
                {
                    counters.Dropped(reason);
                    continue;
                }

                return reply.ToArray();
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return null;
        }
        catch (SocketException)
        {
            // An unreachable network or a refused send: this server gives no answer; the caller asks the next.
            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The same query over TCP (RFC 7766 length prefix), after a truncated UDP answer (protocol-rules F5).</summary>
    public static async Task<byte[]?> QueryTcpAsync(
        IPEndPoint server, ReadOnlyMemory<byte> query, ReplyCheck check, TimeSpan timeout, DnsRecursionCounters counters, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(check);
        ArgumentNullException.ThrowIfNull(counters);
        using var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            await socket.ConnectAsync(server, deadline.Token).ConfigureAwait(false);
            var framed = new byte[query.Length + 2];
            BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)query.Length);
            query.CopyTo(framed.AsMemory(2));
            await socket.SendAsync(framed, SocketFlags.None, deadline.Token).ConfigureAwait(false);
            var prefix = new byte[2];
            await ReadExactlyAsync(socket, prefix, deadline.Token).ConfigureAwait(false);
            var reply = new byte[BinaryPrimitives.ReadUInt16BigEndian(prefix)];
            await ReadExactlyAsync(socket, reply, deadline.Token).ConfigureAwait(false);
            if (check(reply) is { } reason)
            {
                counters.Dropped(reason);
                return null;
            }

            return reply;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception e) when (e is SocketException or EndOfStreamException)
        {
            return null;
        }
    }

    private static async Task ReadExactlyAsync(Socket socket, Memory<byte> destination, CancellationToken ct)
    {
        while (destination.Length > 0)
        {
            var read = await socket.ReceiveAsync(destination, SocketFlags.None, ct).ConfigureAwait(false);
            if (read == 0)
                throw new EndOfStreamException("the upstream server closed the connection mid-answer");
            destination = destination[read..];
        }
    }
}
