using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using static XenMesh.Messages.Membership.IslandMessages;

namespace XenMesh.Cluster.Bootstrap;

/// <summary>
/// Finds this member in an island and ends it. The first seed joins itself when no other seed answers within
/// <c>seed-node-timeout</c>: a first seed restarted under load can so form a cluster of its own beside the
/// others' cluster, and Akka never merges two clusters. Every <see cref="DefaultInterval"/> (in the agent), while this member is up and
/// sees every member reachable, the detector asks the detector of each configured seed that is not a member of
/// its cluster for that seed's cluster (<see cref="ProbeCluster"/>; only an up member answers). Two views that
/// share no member are two clusters; <see cref="IslandRule"/> picks the one that merges. A member that finds its
/// cluster the smaller in two checks in a row runs coordinated shutdown with <see cref="IslandMergeReason"/>: it leaves its island, and the agent
/// starts a new incarnation that joins through the seeds with itself listed last, so it never joins itself again.
/// The detector of the larger cluster only logs, and logs again when the island's member is up in its cluster.
/// </summary>
public sealed class IslandDetector : ReceiveActor, IWithTimers
{
    /// <summary>The detector's name under <c>/user</c>: the other members' detectors address it by this path.</summary>
    public const string Name = "xm-island";

    /// <summary>How often the agent's members check the seeds outside their cluster; as long as Akka's default seed-node-timeout.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A seed that has not answered this many checks in a row is asked only every <see cref="SilentStride"/>-th
    /// check: a host that is down costs Akka.Remote a logged failed connection per probe.
    /// </summary>
    public const int SilentAfter = 3;

    /// <summary>See <see cref="SilentAfter"/>: 12 checks, a minute in the agent.</summary>
    public const int SilentStride = 12;

    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(Context.System);
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly TimeSpan _interval;

    /// <summary>Addresses of islands this cluster saw beside it that are to merge into it, and when each was seen first.</summary>
    private readonly Dictionary<Address, DateTime> _islands = [];

    /// <summary>Checks since each seed outside this cluster last answered.</summary>
    private readonly Dictionary<Address, int> _silent = [];

    private int _round;

    /// <summary>The round in which this member last found its cluster the smaller one, and its cluster's members then.</summary>
    private (int Round, HashSet<(string Address, int Uid)> Members)? _smaller;

    public IslandDetector(TimeSpan interval)
    {
        _interval = interval;
        Receive<Check>(_ => ProbeSeedsOutside());
        Receive<ProbeCluster>(Answer);
        Receive<ClusterView>(v => Judge(v.Members, Sender));
        Receive<ClusterEvent.MemberUp>(up => Merged(up.Member));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(TimeSpan interval) => Akka.Actor.Props.Create(() => new IslandDetector(interval));

    protected override void PreStart()
    {
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.MemberUp));
        Timers.StartPeriodicTimer(nameof(Check), Check.Instance, _interval);
    }

    protected override void PostStop() => _cluster.Unsubscribe(Self);

    /// <summary>
    /// Only from a settled view: with a member unreachable the split-brain resolver is deciding, and the sizes
    /// would compare what it has not yet decided.
    /// </summary>
    private bool Settled => _cluster.SelfMember.Status == MemberStatus.Up && _cluster.State.Unreachable.IsEmpty;

    private void ProbeSeedsOutside()
    {
        _round++;
        if (!Settled)
            return;

        var members = _cluster.State.Members.Select(m => m.Address).ToHashSet();
        foreach (var joined in _silent.Keys.Where(members.Contains).ToList())
            _silent.Remove(joined);
        var probe = new ProbeCluster(OwnView());
        foreach (var seed in _cluster.Settings.SeedNodes.Where(s => !members.Contains(s)))
        {
            var silent = _silent.GetValueOrDefault(seed);
            _silent[seed] = silent + 1;
            if (silent < SilentAfter || silent % SilentStride == 0)
                Context.ActorSelection(new RootActorPath(seed) / "user" / Name).Tell(probe);
        }
    }

    private void Answer(ProbeCluster probe)
    {
        if (_cluster.SelfMember.Status != MemberStatus.Up)
            return;

        var own = OwnView();
        Sender.Tell(new ClusterView(own));
        if (IslandRule.Judge(own, probe.Members) == IslandVerdict.ThisOneStays)
            Remember(probe.Members, Sender.Path.Address);
    }

    private void Judge(IReadOnlyList<ClusterMember> other, IActorRef seed)
    {
        _silent.Remove(seed.Path.Address);
        if (!Settled)
            return;

        var own = OwnView();
        switch (IslandRule.Judge(own, other))
        {
            case IslandVerdict.ThisOneStays:
                Remember(other, seed.Path.Address);
                break;
            case IslandVerdict.ThisOneMerges:
                Smaller(own, other, seed.Path.Address);
                break;
        }
    }

    /// <summary>
    /// Acts on the second round in a row that finds this unchanged cluster the smaller: a view caught while a
    /// member joins or leaves on either side costs no restart, and two clusters that both grow cannot both
    /// decide to merge and leave no cluster to join.
    /// </summary>
    private void Smaller(List<ClusterMember> own, IReadOnlyList<ClusterMember> other, Address seed)
    {
        var members = own.Select(m => (m.Address, m.Uid)).ToHashSet();
        if (_smaller is not { } earlier || !earlier.Members.SetEquals(members) || earlier.Round < _round - 1)
        {
            _log.Info(
                "Island suspected: this member {Self} is in a cluster of {Count} up ({Members}) that shares no member with the cluster of seed {Seed}, {OtherCount} up ({OtherMembers}); it merges if the next check finds the same",
                _cluster.SelfAddress, own.Count(m => m.Counted), Describe(own), seed, other.Count(m => m.Counted), Describe(other));
            _smaller = (_round, members);
            return;
        }

        if (earlier.Round == _round)
            return;

        _log.Warning(
            "Island detected: this member {Self} is in a cluster of {Count} up ({Members}) that shares no member with the cluster of seed {Seed}, {OtherCount} up ({OtherMembers}); this member leaves its island and rejoins through the seeds",
            _cluster.SelfAddress, own.Count(m => m.Counted), Describe(own), seed, other.Count(m => m.Counted), Describe(other));
        Timers.CancelAll();
        Become(Merging);
        CoordinatedShutdown.Get(Context.System).Run(IslandMergeReason.Instance);
    }

    /// <summary>Leaving: no more checks; until it is no longer up it still answers, so the other side logs the island.</summary>
    private void Merging()
    {
        Receive<ProbeCluster>(Answer);
        ReceiveAny(_ => { });
    }

    private void Remember(IReadOnlyList<ClusterMember> island, Address from)
    {
        var fresh = false;
        foreach (var member in island.Where(m => m.Counted))
            fresh |= _islands.TryAdd(Address.Parse(member.Address), DateTime.UtcNow);
        if (fresh)
        {
            _log.Info(
                "Island detected beside this cluster: {Member} is in a smaller cluster, {Count} up ({Members}), that shares no member with this one; its members are to leave it and join this cluster",
                from, island.Count(m => m.Counted), Describe(island));
        }
    }

    private void Merged(Member member)
    {
        if (_islands.Remove(member.Address, out var seen))
            _log.Info("Island merged: {Member} (uid {Uid}) is up in this cluster, {Elapsed} after the island was detected", member.Address, member.UniqueAddress.Uid, DateTime.UtcNow - seen);
    }

    private List<ClusterMember> OwnView()
    {
        var state = _cluster.State;
        return [.. state.Members.Select(m => IslandRule.ViewOf(m, !state.Unreachable.Contains(m)))];
    }

    private static string Describe(IEnumerable<ClusterMember> members) =>
        string.Join(", ", members.Where(m => m.Counted).Select(m => $"{m.Address}#{m.Uid}"));

    private sealed class Check : INoSerializationVerificationNeeded
    {
        public static readonly Check Instance = new();
    }
}
