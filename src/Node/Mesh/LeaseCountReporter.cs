using Akka.Actor;
using Akka.Event;
using static XenMesh.Cluster.Hosts.HostRegistryMessages;
using static XenMesh.Node.Dhcp.Leases.LeasePoolProtocol;

namespace XenMesh.Node.Mesh;

/// <summary>Reports the lease pool's bound count to the host registry every interval, for <c>host list</c>.</summary>
public sealed class LeaseCountReporter : ReceiveActor, IWithTimers
{
    private readonly IActorRef _leasePool;
    private readonly IActorRef _hostRegistry;
    private readonly TimeSpan _interval;

    public LeaseCountReporter(IActorRef leasePool, IActorRef hostRegistry, TimeSpan interval)
    {
        _leasePool = leasePool;
        _hostRegistry = hostRegistry;
        _interval = interval;
        Receive<Tick>(_ => _leasePool.Ask<PoolStatus>(GetPoolStatus.Instance, _interval).PipeTo(Self));
        Receive<PoolStatus>(s => _hostRegistry.Tell(new ReportLeases(s.Bound)));
        Receive<Status.Failure>(f => Context.GetLogger().Debug("Lease count not reported: {Cause}", f.Cause.Message));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IActorRef leasePool, IActorRef hostRegistry, TimeSpan interval) =>
        Akka.Actor.Props.Create(() => new LeaseCountReporter(leasePool, hostRegistry, interval));

    protected override void PreStart()
    {
        Self.Tell(Tick.Instance);
        Timers.StartPeriodicTimer(nameof(Tick), Tick.Instance, _interval);
    }

    private sealed class Tick
    {
        public static readonly Tick Instance = new();

        private Tick()
        {
        }
    }
}
