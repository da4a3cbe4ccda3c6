using System.Net;

namespace XenMesh.Node.Rip.Speaker;

/// <summary>Where and how the speaker talks, resolved from the <c>lan</c> and <c>rip</c> settings.</summary>
/// <param name="Device">The LAN interface; the socket is bound to it and hears nothing else.</param>
/// <param name="Destination">224.0.0.9:520, or the gateway's address and port 520.</param>
/// <param name="Interval">Mean time between regular updates.</param>
/// <param name="HostId">This host.</param>
/// <param name="Key">Keyed-MD5 authentication, or null.</param>
/// <param name="Port">The local port, 520 in production (routers ignore updates from other ports).</param>
public sealed record RipSpeakerOptions(string Device, IPEndPoint Destination, TimeSpan Interval, string HostId, RipKey? Key, int Port)
{
    /// <summary>The RIPv2 multicast group (RFC 2453 §4.5).</summary>
    public static readonly IPAddress Group = IPAddress.Parse("224.0.0.9");

    /// <summary>How long a withdrawn route keeps being announced with metric 16 (RFC 2453 §3.8 garbage-collection timer).</summary>
    public static readonly TimeSpan GarbageCollection = TimeSpan.FromSeconds(120);

    public bool Multicast => Destination.Address.Equals(Group);
}
