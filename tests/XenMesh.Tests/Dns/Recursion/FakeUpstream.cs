using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using XenMesh.Node.Dns.Wire;

namespace XenMesh.Tests.Dns.Recursion;

/// <summary>
/// An upstream DNS server on 127.0.0.1 for the forwarder's tests: real UDP and TCP sockets on one port, a
/// second UDP socket to send replies from a wrong port, and a handler that decides, per query, which
/// datagrams go back. Every query it receives is recorded with its source.
/// </summary>
internal sealed class FakeUpstream : IAsyncDisposable
{
    private readonly Socket _spoofer = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly Socket _udp;
    private readonly Socket _tcp;
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<DnsMessage, bool, Task<IReadOnlyList<Reply>>> _handler;
    private readonly Task _udpLoop;
    private readonly Task _tcpLoop;

    public FakeUpstream(Func<DnsMessage, bool, Task<IReadOnlyList<Reply>>> handler)
    {
        _handler = handler;
        (_udp, _tcp) = BindBoth();
        EndPoint = (IPEndPoint)_udp.LocalEndPoint!;
        _spoofer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _tcp.Listen();
        _udpLoop = Task.Run(ServeUdpAsync);
        _tcpLoop = Task.Run(ServeTcpAsync);
    }

    /// <summary>A server that answers every query with <paramref name="answer"/>.</summary>
    public FakeUpstream(Func<DnsMessage, DnsMessage> answer)
        : this((query, _) => Task.FromResult<IReadOnlyList<Reply>>([new Reply(DnsMessageWriter.Write(answer(query)))]))
    {
    }

    public IPEndPoint EndPoint { get; }

    /// <summary>Every query received: the message, its source, and whether it came over TCP.</summary>
    public ConcurrentQueue<(DnsMessage Query, IPEndPoint Source, bool Tcp)> Received { get; } = new();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _udp.Dispose();
        _spoofer.Dispose();
        _tcp.Dispose();
        await Task.WhenAll(_udpLoop, _tcpLoop).ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    /// <summary>An answer to <paramref name="query"/> with its ID and question and the given records.</summary>
    public static DnsMessage Answer(DnsMessage query, DnsResponseCode rcode, params DnsResourceRecord[] answers) => new()
    {
        Header = new DnsHeader(query.Header.Id, (ushort)(DnsHeader.ResponseBit | DnsHeader.RecursionDesiredBit | DnsHeader.RecursionAvailableBit)).WithRcode(rcode),
        Questions = query.Questions,
        Answers = answers,
        Edns = query.Edns is null ? null : new EdnsRecord(1232, 0, 0, false, 0, []),
    };

    public static DnsResourceRecord A(string name, string address, uint ttl = 300) =>
        new(DnsName.Parse(name), DnsRecordType.A, DnsClass.IN, ttl, new AddressRecordData(IPAddress.Parse(address)));

    /// <summary>A UDP and a TCP socket on one loopback port: the kernel picks the UDP port, which TCP may already use; then another.</summary>
    private static (Socket Udp, Socket Tcp) BindBoth()
    {
        for (var attempt = 0; ; attempt++)
        {
            var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                udp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                tcp.Bind(udp.LocalEndPoint!);
                return (udp, tcp);
            }
            catch (SocketException) when (attempt < 20)
            {
                udp.Dispose();
                tcp.Dispose();
            }
        }
    }

    private async Task ServeUdpAsync()
    {
        var buffer = new byte[65535];
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _udp.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            var source = (IPEndPoint)received.RemoteEndPoint;
            var query = DnsMessageParser.Parse(buffer.AsSpan(0, received.ReceivedBytes));
            Received.Enqueue((query, source, false));
            _ = Task.Run(async () =>
            {
                foreach (var reply in await _handler(query, false))
                    await (reply.FromWrongPort ? _spoofer : _udp).SendToAsync(reply.Datagram, source);
            });
        }
    }

    private async Task ServeTcpAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                using var connection = await _tcp.AcceptAsync(_stop.Token);
                var prefix = new byte[2];
                await connection.ReceiveAsync(prefix, SocketFlags.None, _stop.Token);
                var message = new byte[BinaryPrimitives.ReadUInt16BigEndian(prefix)];
                var read = 0;
                while (read < message.Length)
                    read += await connection.ReceiveAsync(message.AsMemory(read), SocketFlags.None, _stop.Token);
                var query = DnsMessageParser.Parse(message);
                Received.Enqueue((query, (IPEndPoint)connection.RemoteEndPoint!, true));
                foreach (var reply in await _handler(query, true))
                {
                    var framed = new byte[reply.Datagram.Length + 2];
                    BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)reply.Datagram.Length);
                    reply.Datagram.CopyTo(framed, 2);
                    await connection.SendAsync(framed, SocketFlags.None, _stop.Token);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
        }
    }

    /// <summary>One datagram to send back, from the server's port or from another one.</summary>
    public sealed record Reply(byte[] Datagram, bool FromWrongPort = false);
}
