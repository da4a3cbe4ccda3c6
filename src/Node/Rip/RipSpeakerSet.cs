using Akka.Actor;

namespace XenMesh.Node.Rip;

/// <summary>This agent's RIP speakers, one per gateway of <c>rip.gateways</c>; empty when <c>rip.enabled</c> is false.</summary>
public sealed class RipSpeakerSet
{
    private readonly Lock _lock = new();
    private List<GatewaySpeaker> _speakers = [];

    public IReadOnlyList<GatewaySpeaker> All
    {
        get
        {
            lock (_lock)
                return _speakers;
        }
    }

    internal void Add(string gateway, IActorRef speaker)
    {
        lock (_lock)
            _speakers = [.. _speakers, new GatewaySpeaker(gateway, speaker)];
    }
}

/// <summary>The speaker that tells <paramref name="Gateway"/>.</summary>
public sealed record GatewaySpeaker(string Gateway, IActorRef Speaker);
