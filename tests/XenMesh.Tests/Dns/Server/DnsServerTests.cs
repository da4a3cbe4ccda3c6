using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Serilog;
using XenMesh.Node.Dns.Server;
using XenMesh.Node.Dns.Wire;
using XenMesh.Node.Dns.Zone;
using XenMesh.Tests.Dns.Zone;

namespace XenMesh.Tests.Dns.Server;

/// <summary>The server on loopback at a random high port: UDP, and TCP per RFC 7766 (pipelined queries, idle timeout, per-source cap).</summary>
public sealed class DnsServerTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly IPAddress ProbeSource = IPAddress.Parse("127.0.0.9");
    private readonly int _port = Random.Shared.Next(20000, 60000);
    private readonly ZoneSnapshotHolder _zone = new();
    private readonly DnsServerCounters _counters = new();
    private DnsServer? _server;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _zone.Publish(TestZone.Default);
        _server = await StartAsync(_port, batchedUdp: true);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
            await _server.StopAsync(CancellationToken.None);
        _server?.Dispose();
    }

    /// <summary>
    /// Four sources (127.0.0.2–5), each with 32 queries in flight at a time, 160 each: every query is answered
    /// once, to the socket that asked, from the server's address and port, with its own ID, its question's case
    /// and its name's answer. The batched loop answers a whole recvmmsg batch with one sendmmsg, so a reply
    /// sent to another slot's sender would show here; the one-datagram loop is the fallback without recvmmsg.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Many_queries_in_flight_from_several_sources_each_get_their_own_answer(bool batchedUdp)
    {
        var port = _port;
        DnsServer? oneByOne = null;
        if (!batchedUdp)
        {
            port = _port == 60000 ? 20000 : _port + 1;
            oneByOne = await StartAsync(port, batchedUdp: false);
        }

        try
        {
            var server = new IPEndPoint(IPAddress.Loopback, port);
            var sources = Enumerable.Range(2, 4).Select(i => AskManyAsync(new IPAddress([127, 0, 0, (byte)i]), server));

            var answered = await Task.WhenAll(sources);

            Assert.All(answered, n => Assert.Equal(160, n));
        }
        finally
        {
            if (oneByOne is not null)
            {
                await oneByOne.StopAsync(CancellationToken.None);
                oneByOne.Dispose();
            }
        }
    }

    /// <returns>The answers received, each checked against the query with its ID.</returns>
    private static async Task<int> AskManyAsync(IPAddress source, IPEndPoint server)
    {
        (string Name, string Address)[] names = [("Xen1.XEN", "192.168.0.1"), ("db.xen", "192.168.0.2"), ("DB.Xen", "192.168.0.2")];
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(source, 0));
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(Timeout);
        var buffer = new byte[DnsLimits.MaxUdpPayload];
        var answered = 0;
        for (var wave = 0; wave < 5; wave++)
        {
            var pending = new Dictionary<ushort, (string Name, string Address)>();
            for (var i = 0; i < 32; i++)
            {
                var id = (ushort)((wave * 32) + i + 1);
                pending[id] = names[id % names.Length];
                await socket.SendToAsync(Query(pending[id].Name, id), server, deadline.Token);
            }

            while (pending.Count > 0)
            {
                var received = await socket.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), deadline.Token);
                Assert.Equal(server, received.RemoteEndPoint);
                var reply = DnsMessageParser.Parse(buffer.AsSpan(0, received.ReceivedBytes));
                Assert.True(pending.Remove(reply.Header.Id, out var asked), $"{source}: reply {reply.Header.Id} answers no query in flight");
                Assert.Equal(asked.Name + ".", reply.Questions[0].Name.ToString());
                Assert.Equal(asked.Address, Assert.IsType<AddressRecordData>(Assert.Single(reply.Answers).Data).Address.ToString());
                answered++;
            }
        }

        return answered;
    }

    /// <summary>
    /// Starts a server and waits until it accepts TCP. The probe connects from an address no test uses: the
    /// server frees a connection's per-source slot only once it has seen the close, and a probe from
    /// 127.0.0.1 could still hold one when the per-source cap test opens its two connections.
    /// </summary>
    private async Task<DnsServer> StartAsync(int port, bool batchedUdp)
    {
        var options = new DnsServerOptions([IPAddress.Loopback], port, 2, TimeSpan.FromSeconds(1), 8, 2, batchedUdp);
        var server = new DnsServer(options, _zone, new RefuseAllRecursion(), _counters, new LoggerConfiguration().CreateLogger());
        await server.StartAsync(Ct);
        await Eventually.HoldsAsync(
            async () =>
            {
                using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    probe.Bind(new IPEndPoint(ProbeSource, 0));
                    await probe.ConnectAsync(IPAddress.Loopback, port, Ct);
                    return (true, "connected");
                }
                catch (SocketException e)
                {
                    return (false, e.Message);
                }
            },
            Timeout,
            "the server listening",
            Ct);
        return server;
    }

    [Fact]
    public async Task UDP_answers_the_zone_and_refuses_other_names()
    {
        using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));

        var answer = await AskUdpAsync(udp, "xen1.xen");
        var other = await AskUdpAsync(udp, "example.org");

        Assert.Equal(new AddressRecordData(IPAddress.Parse("192.168.0.1")), Assert.Single(answer.Answers).Data);
        Assert.Equal((int)DnsResponseCode.Refused, other.Rcode);
        Assert.Equal(1, _counters.Snapshot()["Recursion"]);
    }

    [Fact]
    public async Task TCP_answers_pipelined_queries_on_one_connection_and_closes_it_when_idle()
    {
        using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await tcp.ConnectAsync(IPAddress.Loopback, _port, Ct);

        await tcp.SendAsync((byte[])[.. Framed(Query("xen1.xen", 1)), .. Framed(Query("db.xen", 2))], SocketFlags.None, Ct);

        var first = await ReadFramedAsync(tcp);
        var second = await ReadFramedAsync(tcp);
        Assert.Equal((1, "192.168.0.1"), (first!.Header.Id, ((AddressRecordData)first.Answers[0].Data).Address.ToString()));
        Assert.Equal((2, "192.168.0.2"), (second!.Header.Id, ((AddressRecordData)second.Answers[0].Data).Address.ToString()));
        Assert.Null(await ReadFramedAsync(tcp));
    }

    [Fact]
    public async Task A_source_gets_at_most_its_cap_of_TCP_connections()
    {
        using var a = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var b = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var c = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await a.ConnectAsync(IPAddress.Loopback, _port, Ct);
        await b.ConnectAsync(IPAddress.Loopback, _port, Ct);
        await a.SendAsync(Framed(Query("xen1.xen", 1)), SocketFlags.None, Ct);
        await b.SendAsync(Framed(Query("xen1.xen", 2)), SocketFlags.None, Ct);
        Assert.Equal(1, (await ReadFramedAsync(a))!.Header.Id);
        Assert.Equal(2, (await ReadFramedAsync(b))!.Header.Id);

        await c.ConnectAsync(IPAddress.Loopback, _port, Ct);
        await c.SendAsync(Framed(Query("xen1.xen", 3)), SocketFlags.None, Ct);

        Assert.Null(await ReadFramedAsync(c));
        Assert.Equal(1, _counters.Snapshot()["TcpRefused"]);

        // A refused connection holds no slot, not even of the total (8): after more refusals than that, once one
        // of the two closes, the next is served.
        for (var i = 0; i < 8; i++)
        {
            using var refused = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await refused.ConnectAsync(IPAddress.Loopback, _port, Ct);
            Assert.Null(await ReadFramedAsync(refused));
        }

        a.Dispose();
        await Eventually.HoldsAsync(
            async () =>
            {
                using var d = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await d.ConnectAsync(IPAddress.Loopback, _port, Ct);
                await d.SendAsync(Framed(Query("xen1.xen", 5)), SocketFlags.None, Ct);
                var answer = await ReadFramedAsync(d);
                return (answer?.Header.Id == 5, answer is null ? "closed" : "answered");
            },
            Timeout,
            "a new connection served after one closed",
            Ct);
    }

    private async Task<DnsMessage> AskUdpAsync(UdpClient udp, string name)
    {
        await udp.SendAsync(Query(name, 7), new IPEndPoint(IPAddress.Loopback, _port), Ct);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(Timeout);
        var received = await udp.ReceiveAsync(deadline.Token);
        return DnsMessageParser.Parse(received.Buffer);
    }

    /// <summary>The next length-prefixed response, or null when the server closed the connection.</summary>
    private static async Task<DnsMessage?> ReadFramedAsync(Socket socket)
    {
        var prefix = new byte[2];
        if (!await ReadAsync(socket, prefix))
            return null;
        var message = new byte[BinaryPrimitives.ReadUInt16BigEndian(prefix)];
        return await ReadAsync(socket, message) ? DnsMessageParser.Parse(message) : null;
    }

    private static async Task<bool> ReadAsync(Socket socket, byte[] buffer)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(Timeout);
        var read = 0;
        while (read < buffer.Length)
        {
            int n;
            try
            {
                n = await socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, deadline.Token);
            }
            catch (SocketException)
            {
                return false;
            }

            if (n == 0)
                return false;
            read += n;
        }

        return true;
    }

    private static byte[] Framed(byte[] query) => [(byte)(query.Length >> 8), (byte)query.Length, .. query];

    private static byte[] Query(string name, ushort id) =>
        DnsMessageWriter.Write(new DnsMessage
        {
            Header = new DnsHeader(id, DnsHeader.RecursionDesiredBit),
            Questions = [new DnsQuestion(DnsName.Parse(name), DnsRecordType.A, DnsClass.IN)],
        });
}
