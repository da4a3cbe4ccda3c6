using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using Akka.Hosting;
using XenMesh.Node.Configuration;
using XenMesh.Node.Dhcp.Leases;
using XenMesh.Node.Linux;
using XenMesh.Node.Vifs;
using static XenMesh.Node.Dhcp.Leases.LeasePoolProtocol;
using static XenMesh.Node.Filter.BridgeFilterProtocol;
using static XenMesh.Node.Vifs.VifRegistryProtocol;

namespace XenMesh.Node.Filter;

/// <summary>
/// Owns the nftables table <c>bridge xenmesh</c> (protocol-rules B3). At start it loads the registered vifs
/// and the journaled leases and replaces the table with them in one transaction; until then the table an
/// earlier agent left keeps filtering (fail closed) and commands wait. Afterwards every change is applied
/// incrementally. One <c>nft -f -</c> runs at a time and everything that arrives meanwhile goes into the
/// next one, so under load a transaction carries a whole group commit of leases, not one process per lease.
/// A sender is answered only once the kernel holds what it asked for. A failed transaction leaves the
/// kernel's contents unknown: the table is installed whole again after <see cref="RetryDelay"/>, and what
/// arrives meanwhile waits for that install, so a broken nft is not run in a loop.
/// </summary>
public sealed class BridgeFilterActor : ReceiveActor, IWithStash, IWithTimers
{
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    private const string Nft = "nft";

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly IProcessRunner _runner;
    private readonly Func<CancellationToken, Task<FilterContents>> _load;
    private readonly FilterTable _table = new();
    private List<Waiter> _waiting = [];
    private bool _running;
    private bool _flushQueued;
    private bool _backingOff;

    public BridgeFilterActor(IProcessRunner runner, Func<CancellationToken, Task<FilterContents>> load)
    {
        _runner = runner;
        _load = load;

        ReceiveAsync<Start>(async _ =>
        {
            FilterContents contents;
            try
            {
                contents = await _load(CancellationToken.None).ConfigureAwait(true);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                _log.Warning("Bridge filter: cannot read the vifs and leases yet ({Problem}); the table in the kernel stays as it is, retrying in {Delay}", e.Message, RetryDelay);
                Timers.StartSingleTimer(nameof(Start), Start.Instance, RetryDelay);
                return;
            }

            foreach (var refused in _table.Load(contents.Ports, contents.Bindings))
                _log.Warning("Bridge filter: left out {Element}", refused);
            _log.Info("Bridge filter: installing table {Family} {Table} with {Ports} ports and {Bindings} leases", NftRuleset.Family, NftRuleset.Table, _table.PortCount, _table.BindingCount);
            Become(Ready);
            QueueFlush();
            Stash.UnstashAll();
        });
        ReceiveAny(_ => Stash.Stash());
    }

    public IStash Stash { get; set; } = null!;

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IProcessRunner runner, Func<CancellationToken, Task<FilterContents>> load) =>
        Akka.Actor.Props.Create(() => new BridgeFilterActor(runner, load));

    protected override void PreStart() => Self.Tell(Start.Instance);

    private void Ready()
    {
        Receive<PortOnline>(c =>
        {
            if (_table.SetPort(new FilterPort(c.Vif, c.Mac)) is { } problem)
            {
                _log.Warning("Bridge filter: refused port {Problem}", problem);
                Sender.Tell(new FilterFailed(problem));
                return;
            }

            Wait(new Waiter(Sender, FilterApplied.Instance, true));
        });
        Receive<PortOffline>(c =>
        {
            _table.RemovePort(c.Vif);
            Wait(new Waiter(Sender, FilterApplied.Instance, true));
        });
        Receive<LeasesCommitted>(c =>
        {
            foreach (var e in c.Events)
            {
                if (_table.Apply(e) is { } problem)
                    _log.Warning("Bridge filter: lease {Problem}; its traffic stays blocked", problem);
            }

            Wait(new Waiter(Sender, c.Confirmation, false));
        });
        Receive<WhenInstalled>(_ => Wait(new Waiter(Sender, FilterApplied.Instance, true)));
        Receive<Reinstall>(_ =>
        {
            _table.Failed();
            Wait(new Waiter(Sender, FilterApplied.Instance, true));
        });
        Receive<FlushNow>(_ => Flush());
        Receive<Retry>(_ =>
        {
            _backingOff = false;
            Flush();
        });
        Receive<Ran>(Finish);
    }

    private void Wait(Waiter waiter)
    {
        _waiting.Add(waiter);
        QueueFlush();
    }

    /// <summary>Behind the messages already queued, so a burst of lease commits becomes one transaction.</summary>
    private void QueueFlush()
    {
        if (_flushQueued || _running || _backingOff)
            return;
        _flushQueued = true;
        Self.Tell(FlushNow.Instance);
    }

    private void Flush()
    {
        _flushQueued = false;
        if (_running || _backingOff)
            return;
        var waiters = _waiting;
        _waiting = [];
        if (_table.Next() is not { } transaction)
        {
            foreach (var waiter in waiters)
                waiter.Succeed();
            return;
        }

        _running = true;
        var started = Stopwatch.GetTimestamp();
        _runner.RunAsync(Nft, ["-f", "-"], new ProcessOptions { StandardInput = transaction.Script }, CancellationToken.None)
            .PipeTo(Self, success: r => new Ran(transaction, waiters, r, null, started), failure: e => new Ran(transaction, waiters, null, e, started));
    }

    private void Finish(Ran ran)
    {
        _running = false;
        var elapsed = Stopwatch.GetElapsedTime(ran.Started);
        if (ran.Result is { Succeeded: true })
        {
            _table.Committed(ran.Transaction);
            if (ran.Transaction.ReplacesTable)
                _log.Info("Bridge filter: table {Family} {Table} installed in {Elapsed:F1} ms", NftRuleset.Family, NftRuleset.Table, elapsed.TotalMilliseconds);
            else
                _log.Debug("Bridge filter: {Count} element changes for {Waiters} requests in {Elapsed:F1} ms", ran.Transaction.Change!.Count, ran.Waiters.Count, elapsed.TotalMilliseconds);
            foreach (var waiter in ran.Waiters)
                waiter.Succeed();
        }
        else
        {
            var problem = ran.Error?.Message ?? ran.Result!.StandardError.Trim();
            _table.Failed();
            _log.Error("Bridge filter: nft refused a transaction ({Problem}); installing the whole table again in {Delay}", problem, RetryDelay);
            foreach (var waiter in ran.Waiters)
                waiter.Fail($"nft failed: {problem}");
            _backingOff = true;
            Timers.StartSingleTimer(nameof(Retry), Retry.Instance, RetryDelay);
            return;
        }

        if (_waiting.Count > 0)
            QueueFlush();
    }

    /// <summary>
    /// Who waits for a transaction, and what it is told: <paramref name="Success"/> (if any; an <see cref="Action"/>
    /// is run here instead), and a <see cref="FilterFailed"/> when <paramref name="ReportFailure"/>.
    /// </summary>
    private sealed record Waiter(IActorRef ReplyTo, object? Success, bool ReportFailure)
    {
        public void Succeed()
        {
            if (Success is Action run)
                run();
            else if (Success is not null)
                ReplyTo.Tell(Success);
        }

        public void Fail(string reason)
        {
            if (ReportFailure)
                ReplyTo.Tell(new FilterFailed(reason));
        }
    }

    private sealed record Ran(FilterTransaction Transaction, List<Waiter> Waiters, ProcessResult? Result, Exception? Error, long Started);

    private sealed record Start
    {
        public static readonly Start Instance = new();
    }

    private sealed record FlushNow
    {
        public static readonly FlushNow Instance = new();
    }

    private sealed record Retry
    {
        public static readonly Retry Instance = new();
    }
}

/// <summary>The filter's key in the actor registry; registered only when <c>bridge.filter</c> is true.</summary>
public sealed class BridgeFilter;

public static class BridgeFilterHosting
{
    /// <summary>The filter's name under <c>/user</c>; <see cref="XenMesh.Node.Persistence.CommitDispatcher"/> places it by its path.</summary>
    public const string ActorName = "bridge-filter";

    private static readonly TimeSpan LoadTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Starts the <see cref="BridgeFilterActor"/> when <c>bridge.filter</c> is on. Add it before the vifs and
    /// the lease pool, which look it up to keep the sets current. It loads its contents from the vif registry
    /// and the lease pool once both have recovered.
    /// </summary>
    public static AkkaConfigurationBuilder WithBridgeFilter(this AkkaConfigurationBuilder builder, XenMeshSettings settings)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(settings);
        if (!settings.Bridge.Filter)
            return builder;
        return builder.WithActors((system, registry, resolver) =>
        {
            async Task<FilterContents> LoadAsync(CancellationToken ct)
            {
                var vifs = await (await registry.GetAsync<VifRegistry>(ct).ConfigureAwait(false))
                    .Ask<RegisteredVifs>(GetVifs.Instance, LoadTimeout, ct).ConfigureAwait(false);
                var leases = await (await registry.GetAsync<LeasePool>(ct).ConfigureAwait(false))
                    .Ask<LeaseList>(ListLeases.Instance, LoadTimeout, ct).ConfigureAwait(false);
                return new FilterContents(
                    [.. vifs.Vifs.Select(v => new FilterPort(v.Vif, v.Mac))],
                    [.. leases.Leases.Where(l => l.Vif is not null).Select(l => new FilterBinding(l.Vif!, l.Mac, l.Address))]);
            }

            registry.Register<BridgeFilter>(system.ActorOf(BridgeFilterActor.Props(resolver.GetService<IProcessRunner>(), LoadAsync), ActorName));
        });
    }

    /// <summary>
    /// Returns once the filter (if <c>bridge.filter</c> is on) has installed the table with the vifs and leases it
    /// loaded at start; a failed install is retried by the filter, and waited for again here.
    /// </summary>
    public static async Task WhenInstalledAsync(ActorRegistry registry, Serilog.ILogger logger, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(logger);
        if (!registry.TryGet<BridgeFilter>(out var filter))
            return;
        while (true)
        {
            try
            {
                if (await filter.Ask(WhenInstalled.Instance, LoadTimeout, ct).ConfigureAwait(false) is FilterApplied)
                    return;
            }
            catch (AskTimeoutException)
            {
                // Still loading: the registry or the pool has not recovered yet.
            }

            logger.Warning("Bridge filter not installed yet; the DHCP socket stays closed until it is (protocol-rules L2)");
        }
    }
}
