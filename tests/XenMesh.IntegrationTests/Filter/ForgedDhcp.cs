using XenMesh.IntegrationTests.TestHost;

namespace XenMesh.IntegrationTests.Filter;

/// <summary>
/// Sends a DHCPDISCOVER whose <c>chaddr</c> is not the sender's MAC (what a starvation tool does) from a
/// guest namespace, port 68 to the broadcast address port 67, with Python's socket module.
/// </summary>
internal static class ForgedDhcp
{
    private const string Script = """
        import socket, sys
        chaddr = bytes.fromhex(sys.argv[1].replace(":", ""))
        packet = bytes([1, 1, 6, 0]) + b"\x12\x34\x56\x78" + b"\x00\x00\x80\x00" + bytes(16) + chaddr + bytes(10) + bytes(192)
        packet += b"\x63\x82\x53\x63" + b"\x35\x01\x01" + b"\xff"
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, b"eth0")
        s.bind(("0.0.0.0", 68))
        for _ in range(int(sys.argv[2])):
            s.sendto(packet, ("255.255.255.255", 67))
        """;

    public static async Task SendDiscoverAsync(NetworkNamespace from, string chaddr, int count, CancellationToken ct) =>
        Programs.EnsureSucceeded(await Programs.RunAsync("ip", ["netns", "exec", from.Name, "python3", "-c", Script, chaddr, count.ToString(System.Globalization.CultureInfo.InvariantCulture)], ct));
}
