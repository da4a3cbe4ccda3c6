using System.Net;
using System.Net.Sockets;
using XenMesh.Node.Dhcp.Server;
using XenMesh.Node.Linux;

namespace XenMesh.Tests.Dhcp.Server;

/// <summary>recvmmsg on a real loopback socket with IP_PKTINFO, as the DHCP server opens its own.</summary>
public sealed class DhcpReceiveBatchTests : IDisposable
{
    private readonly Socket _server = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly Socket _client = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly DhcpReceiveBatch _batch = new();

    public DhcpReceiveBatchTests()
    {
        _server.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.PacketInformation, true);
        _server.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        UdpBatchNative.SetReceiveTimeout(_server, TimeSpan.FromMilliseconds(200));
    }

    private nint Fd => _server.SafeHandle.DangerousGetHandle();

    [Fact]
    public void Datagrams_come_whole_and_in_order_with_their_destination_address()
    {
        byte[][] sent = [[1, 2, 3], new byte[9000], [.. Enumerable.Range(0, 300).Select(i => (byte)i)]];
        sent[1].AsSpan().Fill(7);
        foreach (var datagram in sent)
            _client.SendTo(datagram, _server.LocalEndPoint!);

        var received = ReceiveAll(sent.Length, DhcpReceiveBatch.Size);

        Assert.Equal(sent, received.Select(r => r.Packet));
        Assert.All(received, r => Assert.Equal(0x7f000001u, r.Destination));
    }

    [Fact]
    public void A_call_takes_no_more_than_the_slots_asked_for_and_the_rest_stays_queued()
    {
        for (var i = 0; i < 5; i++)
            _client.SendTo([(byte)i], _server.LocalEndPoint!);

        var received = ReceiveAll(5, 2);

        Assert.Equal([0, 1, 2, 3, 4], received.Select(r => r.Packet[0]));
    }

    [Fact]
    public void Without_wait_an_empty_queue_returns_eagain_at_once_and_with_wait_after_the_receive_timeout()
    {
        Assert.Equal(-UdpBatchNative.EAgain, _batch.Receive(Fd, wait: false));
        Assert.Equal(-UdpBatchNative.EAgain, _batch.Receive(Fd, wait: true));
    }

    public void Dispose()
    {
        _batch.Dispose();
        _server.Dispose();
        _client.Dispose();
    }

    /// <summary>Receives until <paramref name="expected"/> datagrams came, at most <paramref name="perCall"/> per call (each call is checked to respect it).</summary>
    private List<(byte[] Packet, uint? Destination)> ReceiveAll(int expected, int perCall)
    {
        var received = new List<(byte[] Packet, uint? Destination)>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (received.Count < expected)
        {
            Assert.True(DateTime.UtcNow < deadline, $"only {received.Count} of {expected} datagrams arrived");
            var count = _batch.Receive(Fd, wait: true, perCall);
            if (count == -UdpBatchNative.EAgain)
                continue;
            Assert.InRange(count, 1, perCall);
            for (var slot = 0; slot < count; slot++)
                received.Add((_batch.Packet(slot).ToArray(), _batch.Destination(slot)));
        }

        return received;
    }
}
