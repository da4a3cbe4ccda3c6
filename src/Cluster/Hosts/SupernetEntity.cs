using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster;
using Akka.DistributedData;
using Akka.Event;
using XenMesh.Cluster.Bootstrap;
using XenMesh.Messages.Hosts;
using XenMesh.Messages.Values;
using static XenMesh.Messages.Hosts.SupernetMessages;

namespace XenMesh.Cluster.Hosts;

/// <summary>
/// The single writer of one supernet's /24 assignments (<see cref="SupernetAllocation"/>), first come first served.
/// It decides from the host registry's replicated records (every record it holds, live or not: a host that is
/// down keeps its subnet) and the assignments already handed out, which it replicates before it answers, so an
/// incarnation on another node (after a move or a crash) starts from them and never hands out a /24 twice.
/// Each request first reads both maps from a majority of the dom0s that are up, and reads again until it can:
/// a host that registered moments ago may not have reached this node by gossip yet, and deciding from this
/// node's copy alone could hand out that host's /24. Requests arriving meanwhile wait their turn.
/// </summary>
public sealed class SupernetEntity : ReceiveActor, IWithUnboundedStash, IWithTimers
{
    /// <summary>Every host's assigned /24 by host id, written only by the entities.</summary>
    public static readonly LWWDictionaryKey<string, SubnetAssignment> Key = new("xm-subnet-assignments");

    private static readonly TimeSpan ReplicationTimeout = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan ReplicaCountRetry = TimeSpan.FromMilliseconds(50);

    private readonly Ipv4Subnet _supernet;
    private readonly TimeProvider _time;
    private readonly IActorRef _replicator;
    private readonly UniqueAddress _self;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly HashSet<string> _read = [];
    private IImmutableDictionary<string, HostRecord> _hosts = ImmutableDictionary<string, HostRecord>.Empty;
    private IImmutableDictionary<string, SubnetAssignment> _assignments = ImmutableDictionary<string, SubnetAssignment>.Empty;
    private (AssignSubnet Request, IActorRef Asker)? _reading;

    public SupernetEntity(Ipv4Subnet supernet, TimeProvider time)
    {
        _supernet = supernet;
        _time = time;
        _replicator = DistributedData.Get(Context.System).Replicator;
        _self = Akka.Cluster.Cluster.Get(Context.System).SelfUniqueAddress;
        Idle();
    }

    public IStash Stash { get; set; } = null!;

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(Ipv4Subnet supernet, TimeProvider time) =>
        Akka.Actor.Props.Create(() => new SupernetEntity(supernet, time));

    private void Idle()
    {
        Receive<AssignSubnet>(request =>
        {
            _reading = (request, Sender);
            _read.Clear();
            _replicator.Tell(Dsl.GetReplicaCount);
            Become(Reading);
        });
        ReceiveReplicationAnswers();
    }

    private void Reading()
    {
        // The replicator learns of members from the same cluster events as everyone else, but on its own time: a
        // majority read issued before it counts a member that is already up would read from too few replicas
        // (on a member that just joined, from itself alone).
        Receive<ReplicaCount>(count =>
        {
            var cluster = Akka.Cluster.Cluster.Get(Context.System);
            var replicas = cluster.State.Members.Count(m => m.Status == MemberStatus.Up && m.HasRole(MeshRoles.Dom0) && m.UniqueAddress != _self) + 1;
            if (count.N < replicas)
            {
                Timers.StartSingleTimer(nameof(CountReplicasAgain), CountReplicasAgain.Instance, ReplicaCountRetry);
                return;
            }

            ReadFromMajority(HostRegistryActor.Key);
            ReadFromMajority(Key);
        });
        Receive<CountReplicasAgain>(_ => _replicator.Tell(Dsl.GetReplicaCount));
        Receive<GetSuccess>(g =>
        {
            if (g.Key.Id == Key.Id)
            {
                // Assignments this incarnation answered whose write has not reached a majority yet stay taken.
                var replicated = g.Get(Key).Entries;
                _assignments = replicated.SetItems(_assignments.Where(a => !replicated.ContainsKey(a.Key)));
            }
            else
            {
                _hosts = g.Get(HostRegistryActor.Key).Entries;
            }

            Read(g.Key);
        });
        Receive<NotFound>(n => Read(n.Key));
        Receive<GetFailure>(f =>
        {
            _log.Warning("Supernet {Supernet}: {Key} not read from a majority within {Timeout}; reading again before host {HostId} gets a /24", _supernet, f.Key.Id, ReplicationTimeout, _reading!.Value.Request.HostId);
            ReadFromMajority(f.Key);
        });
        ReceiveReplicationAnswers();
        ReceiveAny(_ => Stash.Stash());
    }

    private void ReceiveReplicationAnswers()
    {
        Receive<UpdateSuccess>(s => Answer(s.Request));
        Receive<UpdateTimeout>(t =>
        {
            _log.Debug("Supernet {Supernet}: assignment not yet on a majority; gossip completes it", _supernet);
            Answer(t.Request);
        });
        Receive<ModifyFailure>(f => _log.Error(f.Cause, "Supernet {Supernet}: an assignment could not be replicated", _supernet));
    }

    private void ReadFromMajority(IKey key) =>
        _replicator.Tell(key.Id == Key.Id ? Dsl.Get(Key, new ReadMajority(ReplicationTimeout)) : Dsl.Get(HostRegistryActor.Key, new ReadMajority(ReplicationTimeout)));

    private void Read(IKey key)
    {
        _read.Add(key.Id);
        if (_read.Count < 2)
            return;
        var (request, asker) = _reading!.Value;
        _reading = null;
        Become(Idle);
        Assign(request, asker);
        Stash.UnstashAll();
    }

    private void Assign(AssignSubnet request, IActorRef asker)
    {
        var subnet = SupernetAllocation.Assign(_supernet, request.HostId, Taken());
        if (subnet is not { } assigned)
        {
            var refusal = $"no /24 of {_supernet} is free; taken: {string.Join(", ", Taken().Where(t => t.Subnet.Overlaps(_supernet)).Select(t => $"{t.Subnet} ({t.HostId})").Distinct())}";
            _log.Error("Supernet {Supernet}: host {HostId} gets no /24: {Refusal}", _supernet, request.HostId, refusal);
            asker.Tell(new SubnetAssigned(request.Supernet, request.HostId, null, refusal));
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
        var reply = (asker, new SubnetAssigned(request.Supernet, request.HostId, text, null));
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

    private sealed class CountReplicasAgain
    {
        public static readonly CountReplicasAgain Instance = new();

        private CountReplicasAgain()
        {
        }
    }
}
