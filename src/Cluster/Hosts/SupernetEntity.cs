using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster;
using Akka.DistributedData;
using Akka.Event;
using XenMesh.Messages.Hosts;
using XenMesh.Messages.Values;
using static XenMesh.Messages.Hosts.SupernetMessages;

namespace XenMesh.Cluster.Hosts;

/// <summary>
/// The single writer of one supernet's /24 assignments (<see cref="SupernetAllocation"/>), first come first served.
/// It decides from the host registry's replicated records (every record it holds, live or not: a host that is
/// down keeps its subnet) and the assignments already handed out, which it replicates before it answers, so an
/// incarnation on another node (after a move or a crash) starts from them and never hands out a /24 twice.
/// Requests wait until both maps have been read from a majority.
/// </summary>
public sealed class SupernetEntity : ReceiveActor, IWithUnboundedStash
{
    /// <summary>Every host's assigned /24 by host id, written only by the entities.</summary>
    public static readonly LWWDictionaryKey<string, SubnetAssignment> Key = new("xm-subnet-assignments");

    private static readonly TimeSpan ReplicationTimeout = TimeSpan.FromSeconds(3);

    private readonly Ipv4Subnet _supernet;
    private readonly TimeProvider _time;
    private readonly IActorRef _replicator;
    private readonly UniqueAddress _self;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly HashSet<string> _read = [];
    private IImmutableDictionary<string, HostRecord> _hosts = ImmutableDictionary<string, HostRecord>.Empty;
    private IImmutableDictionary<string, SubnetAssignment> _assignments = ImmutableDictionary<string, SubnetAssignment>.Empty;

    public SupernetEntity(Ipv4Subnet supernet, TimeProvider time)
    {
        _supernet = supernet;
        _time = time;
        _replicator = DistributedData.Get(Context.System).Replicator;
        _self = Akka.Cluster.Cluster.Get(Context.System).SelfUniqueAddress;
        Receive<GetSuccess>(g =>
        {
            Take(g);
            Read(g.Key);
        });
        Receive<NotFound>(n => Read(n.Key));
        Receive<GetFailure>(f =>
        {
            // No majority reachable: what this node holds is the best there is; gossip and Changed complete it.
            _log.Warning("Supernet {Supernet}: {Key} not read from a majority; deciding from this node's copy", _supernet, f.Key.Id);
            _replicator.Tell(f.Key.Id == Key.Id ? Dsl.Get(Key, ReadLocal.Instance) : Dsl.Get(HostRegistryActor.Key, ReadLocal.Instance));
        });
        Receive<Changed>(Take);
        ReceiveAny(_ => Stash.Stash());
    }

    public IStash Stash { get; set; } = null!;

    public static Props Props(Ipv4Subnet supernet, TimeProvider time) =>
        Akka.Actor.Props.Create(() => new SupernetEntity(supernet, time));

    protected override void PreStart()
    {
        _replicator.Tell(Dsl.Get(HostRegistryActor.Key, new ReadMajority(ReplicationTimeout)));
        _replicator.Tell(Dsl.Get(Key, new ReadMajority(ReplicationTimeout)));
        _replicator.Tell(Dsl.Subscribe(HostRegistryActor.Key, Self));
        _replicator.Tell(Dsl.Subscribe(Key, Self));
    }

    private void Read(IKey key)
    {
        _read.Add(key.Id);
        if (_read.Count < 2)
            return;
        Become(Active);
        Stash.UnstashAll();
    }

    private void Take(GetSuccess g)
    {
        if (g.Key.Id == Key.Id)
            _assignments = g.Get(Key).Entries;
        else
            _hosts = g.Get(HostRegistryActor.Key).Entries;
    }

    private void Take(Changed c)
    {
        if (c.Key.Id == Key.Id)
            _assignments = c.Get(Key).Entries;
        else
            _hosts = c.Get(HostRegistryActor.Key).Entries;
    }

    private void Active()
    {
        Receive<Changed>(Take);
        Receive<AssignSubnet>(Assign);
        Receive<UpdateSuccess>(s => Answer(s.Request));
        Receive<UpdateTimeout>(t =>
        {
            _log.Debug("Supernet {Supernet}: assignment not yet on a majority; gossip completes it", _supernet);
            Answer(t.Request);
        });
        Receive<ModifyFailure>(f => _log.Error(f.Cause, "Supernet {Supernet}: an assignment could not be replicated", _supernet));
        Receive<GetSuccess>(_ => { });
        Receive<NotFound>(_ => { });
        Receive<GetFailure>(_ => { });
    }

    private void Assign(AssignSubnet request)
    {
        var subnet = SupernetAllocation.Assign(_supernet, request.HostId, Taken());
        if (subnet is not { } assigned)
        {
            var refusal = $"no /24 of {_supernet} is free; taken: {string.Join(", ", Taken().Where(t => t.Subnet.Overlaps(_supernet)).Select(t => $"{t.Subnet} ({t.HostId})").Distinct())}";
            _log.Error("Supernet {Supernet}: host {HostId} gets no /24: {Refusal}", _supernet, request.HostId, refusal);
            Sender.Tell(new SubnetAssigned(request.Supernet, request.HostId, null, refusal));
            return;
        }

        var text = assigned.ToString();
        var assignment = _assignments.TryGetValue(request.HostId, out var earlier) && earlier.Subnet == text
            ? earlier
            : new SubnetAssignment(request.HostId, text, _time.GetUtcNow());
        if (!ReferenceEquals(assignment, earlier))
            _log.Info("Supernet {Supernet}: host {HostId} gets {Subnet}", _supernet, request.HostId, text);
        // Taken at once, so the next request never gets it, even before the write is on a majority.
        _assignments = _assignments.SetItem(request.HostId, assignment);
        var reply = (Sender, new SubnetAssigned(request.Supernet, request.HostId, text, null));
        _replicator.Tell(Dsl.Update(Key, LWWDictionary<string, SubnetAssignment>.Empty, new WriteMajority(ReplicationTimeout), reply, map => map.SetItem(_self, request.HostId, assignment)));
    }

    private static void Answer(object? request)
    {
        if (request is (IActorRef asker, SubnetAssigned answer))
            asker.Tell(answer);
    }

    private IEnumerable<(string HostId, Ipv4Subnet Subnet)> Taken()
    {
        foreach (var host in _hosts.Values)
        {
            if (Ipv4Subnet.TryParse(host.Subnet, out var subnet, out _))
                yield return (host.HostId, subnet);
        }

        foreach (var assignment in _assignments.Values)
        {
            if (Ipv4Subnet.TryParse(assignment.Subnet, out var subnet, out _))
                yield return (assignment.HostId, subnet);
        }
    }
}
