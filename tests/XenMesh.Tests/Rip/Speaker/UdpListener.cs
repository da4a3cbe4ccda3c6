using System.Net;
using System.Net.Sockets;
using XenMesh.Node.Rip.Codec;

namespace XenMesh.Tests.Rip.Speaker;

/// <summary>A UDP socket on loopback standing in for the gateway: it receives what the speaker sends and can ask it.</summary>
internal sealed class UdpListener : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

    public UdpListener() => _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));

    public IPEndPoint EndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    /// <summary>A loopback port nobody holds now, for the speaker to bind.</summary>
    public static int FreePort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    /// <summary>The next packet, raw, with its sender; fails after <paramref name="timeout"/>.</summary>
    public async Task<(byte[] Packet, IPEndPoint From)> ReceiveRawAsync(TimeSpan timeout, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        var buffer = new byte[RipLayout.MaxPacketLength + 1];
        var received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), deadline.Token);
        return (buffer[..received.ReceivedBytes], (IPEndPoint)received.RemoteEndPoint);
    }

    public async Task<RipMessage> ReceiveAsync(TimeSpan timeout, CancellationToken ct) =>
        RipDecoder.Decode((await ReceiveRawAsync(timeout, ct)).Packet);

    public Task SendAsync(byte[] packet, IPEndPoint to, CancellationToken ct) =>
        _socket.SendToAsync(packet, SocketFlags.None, to, ct).AsTask();

    public void Dispose() => _socket.Dispose();
}
