using System.Net;
using XenMesh.Node.Routes;

namespace XenMesh.Node.Rip.Speaker;

/// <summary>Messages of the RIP speaker. The speaker is driven only by <see cref="SetRoutes"/>; it never learns routes.</summary>
public static class RipSpeakerProtocol
{
    /// <summary>Marker of every message the speaker accepts.</summary>
    public interface IRipSpeakerCommand;

    /// <summary>
    /// The whole table to announce from now on. Routes that are new or changed go out in a triggered
    /// update; routes withdrawn or missing compared with the previous table go out at once with metric 16
    /// and keep being announced so for the garbage-collection time.
    /// </summary>
    public sealed record SetRoutes(RouteTable Table) : IRipSpeakerCommand;

    /// <summary>Asks for a <see cref="SpeakerStatus"/>.</summary>
    public sealed class GetStatus : IRipSpeakerCommand
    {
        public static readonly GetStatus Instance = new();

        private GetStatus()
        {
        }
    }

    /// <summary>One route as the speaker announces it.</summary>
    /// <param name="Route">The table's route.</param>
    /// <param name="Metric">1, or 16 while withdrawn.</param>
    /// <param name="LastSent">When it last left in an update, null before the first.</param>
    public sealed record AnnouncedRoute(DesiredRoute Route, int Metric, DateTimeOffset? LastSent);

    /// <summary>What the speaker does now, for <c>route show</c>.</summary>
    /// <param name="Device">The LAN interface.</param>
    /// <param name="Destination">Where updates go.</param>
    /// <param name="Listening">The socket is open.</param>
    /// <param name="Authenticated">Packets are signed with keyed MD5.</param>
    /// <param name="Routes">Everything announced, withdrawn routes still in garbage collection included.</param>
    /// <param name="Stats">Counters since start.</param>
    public sealed record SpeakerStatus(string Device, IPEndPoint Destination, bool Listening, bool Authenticated, IReadOnlyList<AnnouncedRoute> Routes, RipSpeakerStats Stats);
}
