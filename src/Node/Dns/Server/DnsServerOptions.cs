using System.Net;

namespace XenMesh.Node.Dns.Server;

/// <summary>Where and how the DNS server listens; built from the settings by the hosting extension.</summary>
/// <param name="Addresses">The addresses to bind (the bridge address and <c>dns.listen</c>), never a wildcard.</param>
/// <param name="Port">UDP and TCP port (53).</param>
/// <param name="UdpSockets">UDP sockets per address sharing the port, each with its own receive thread.</param>
/// <param name="TcpIdleTimeout">A TCP connection with no complete query for this long is closed (RFC 7766 §6.2.3).</param>
/// <param name="MaxTcpConnections">TCP connections at once over every address.</param>
/// <param name="MaxTcpConnectionsPerSource">TCP connections at once from one client address.</param>
/// <param name="BatchedUdp">Receive and send UDP in batches (recvmmsg/sendmmsg); false: one datagram per system call.</param>
public sealed record DnsServerOptions(
    IReadOnlyList<IPAddress> Addresses,
    int Port,
    int UdpSockets,
    TimeSpan TcpIdleTimeout,
    int MaxTcpConnections,
    int MaxTcpConnectionsPerSource,
    bool BatchedUdp = true);
