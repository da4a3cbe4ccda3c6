using Akka.Actor;
using Akka.Event;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using XenMesh.Node.Commands;
using XenMesh.Node.Configuration;
using XenMesh.Node.Linux;
using static XenMesh.Node.Bridge.BridgeProtocol;

namespace XenMesh.Node.Bridge;

/// <summary>
/// Owns the guest bridge: on start and every check interval it reads the bridge through the
/// <see cref="LinkAdapter"/>, decides with <see cref="BridgeRules.Decide"/> and applies the repairs.
/// A failed command is logged (command line, exit code, stderr) and retried at the next check; the
/// actor never fails because the system did not do what it asked.
/// </summary>
public sealed class BridgeActor : ReceiveActor, IWithTimers
{
    private const string CheckTimer = "check";

    private readonly BridgeTarget _target;
    private readonly TimeSpan _interval;
    private readonly LinkAdapter _adapter;
    private readonly TimeProvider _time;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private BridgeObservation? _observed;
    private BridgeStatus? _status;
    private string? _lastFailure;

    // Until the bridge has once been in its desired state, repairs are the expected start-up
    // convergence (Information); afterwards they are drift (Warning).
    private bool _converged;

    public BridgeActor(BridgeTarget target, TimeSpan interval, LinkAdapter adapter, TimeProvider time)
    {
        _target = target;
        _interval = interval;
        _adapter = adapter;
        _time = time;

        ReceiveAsync<Tick>(_ => CheckAsync());
        ReceiveAsync<CheckNow>(async _ =>
        {
            var sender = Sender;
            await CheckAsync();
            sender.Tell(_status);
        });
        ReceiveAsync<GetStatus>(async _ =>
        {
            var sender = Sender;
            if (_status is null)
                await CheckAsync();
            sender.Tell(_status);
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(BridgeTarget target, TimeSpan interval, LinkAdapter adapter, TimeProvider? time = null) =>
        Akka.Actor.Props.Create(() => new BridgeActor(target, interval, adapter, time ?? TimeProvider.System));

    protected override void PreStart() => Self.Tell(Tick.Instance);

    private async Task CheckAsync()
    {
        string? problem = null;
        try
        {
            _observed = await ReadAsync();
            var plan = BridgeRules.Decide(_target, _observed);
            if (plan.Conflict is { } conflict)
            {
                problem = conflict;
                ReportFailure(conflict, () => _log.Error("Bridge {Bridge}: {Problem}", _target.Name, conflict));
            }
            else if (plan.Repairs.Count > 0)
            {
                problem = await ApplyAsync(plan.Repairs);
                _observed = await ReadAsync();
            }
        }
        catch (Exception e) when (IsSystemFailure(e))
        {
            problem = e.Message;
            LogFailure("read the bridge state", e);
        }

        if (problem is null)
        {
            _lastFailure = null;
            _converged = true;
        }

        _status = BridgeRules.ToStatus(_target, _observed, problem, _time.GetUtcNow());
        Timers.StartSingleTimer(CheckTimer, Tick.Instance, _interval);
    }

    private async Task<BridgeObservation> ReadAsync()
    {
        var ct = CancellationToken.None;
        var links = await _adapter.ListLinksAsync(ct);
        if (!links.Any(l => l.Name == _target.Name && l.Kind == BridgeRules.BridgeKind))
            return BridgeRules.Observe(_target.Name, links, [], null, []);
        var addresses = await _adapter.GetIpv4AddressesAsync(_target.Name, ct);
        var features = await _adapter.GetFeaturesAsync(_target.Name, ct);
        var ports = await _adapter.ListBridgePortsAsync(_target.Name, ct);
        return BridgeRules.Observe(_target.Name, links, addresses, features.TxChecksumming, ports);
    }

    // Stops at the first failure: the later repairs of a plan depend on the earlier ones (address and
    // state need the bridge to exist); the next check reads again and retries.
    private async Task<string?> ApplyAsync(IReadOnlyList<BridgeRepair> repairs)
    {
        foreach (var repair in repairs)
        {
            try
            {
                await ApplyAsync(repair, CancellationToken.None);
            }
            catch (Exception e) when (IsSystemFailure(e))
            {
                LogFailure(repair.ToString(), e);
                return e.Message;
            }

            if (repair is BridgeRepair.DetachPhysicalPort)
                _log.Warning("B2: {Bridge} must have no physical port; {Repair}", _target.Name, repair.ToString());
            else if (!_converged)
                _log.Info("Bridge {Bridge}: {Repair}", _target.Name, repair.ToString());
            else
                _log.Warning("Bridge {Bridge} drifted from its desired state: {Repair}", _target.Name, repair.ToString());
        }

        return null;
    }

    private Task ApplyAsync(BridgeRepair repair, CancellationToken ct) => repair switch
    {
        BridgeRepair.DetachPhysicalPort d => _adapter.DetachFromBridgeAsync(d.Port, ct),
        BridgeRepair.CreateBridge => _adapter.CreateBridgeAsync(_target.Name, ct),
        BridgeRepair.RemoveAddress r => _adapter.DeleteAddressAsync(_target.Name, r.Address, ct),
        BridgeRepair.AddAddress a => _adapter.AddAddressAsync(_target.Name, a.Address, ct),
        BridgeRepair.SetUp => _adapter.SetUpAsync(_target.Name, ct),
        BridgeRepair.DisableTxChecksumming => _adapter.SetTxChecksummingAsync(_target.Name, false, ct),
        _ => throw new ArgumentOutOfRangeException(nameof(repair), repair, "unknown repair"),
    };

    private void LogFailure(string step, Exception e)
    {
        if (e is LinkCommandException { Result: { } result })
        {
            ReportFailure(e.Message, () => _log.Error(
                "Bridge {Bridge}: {Repair} failed: {Command} exited with {ExitCode}: {Error}",
                _target.Name, step, result.CommandLine, result.ExitCode, result.StandardError.Trim()));
        }
        else
        {
            ReportFailure(e.Message, () => _log.Error(e, "Bridge {Bridge}: {Repair} failed", _target.Name, step));
        }
    }

    // A failure that repeats at every check is logged once at Error, then at Debug until something changes.
    private void ReportFailure(string failure, Action logError)
    {
        if (failure == _lastFailure)
            _log.Debug("Bridge {Bridge}: still failing: {Problem}", _target.Name, failure);
        else
            logError();
        _lastFailure = failure;
    }

    // What running ip/bridge/ethtool can throw: a failed or unreadable command, a hung one, a missing program.
    private static bool IsSystemFailure(Exception e) =>
        e is LinkCommandException or TimeoutException or System.ComponentModel.Win32Exception or InvalidOperationException or KeyNotFoundException;

    private sealed class Tick
    {
        public static Tick Instance { get; } = new();
    }
}

public static class BridgeHostingExtensions
{
    /// <summary>Starts the <see cref="BridgeActor"/> as <c>/user/bridge</c>, registered under the key <see cref="BridgeActor"/>.</summary>
    public static AkkaConfigurationBuilder WithBridge(this AkkaConfigurationBuilder builder, XenMeshSettings settings)
    {
        var target = BridgeTarget.From(settings.Bridge);
        return builder.WithActors((system, registry, resolver) =>
        {
            var adapter = resolver.GetService<LinkAdapter>();
            var bridge = system.ActorOf(BridgeActor.Props(target, settings.Bridge.CheckInterval, adapter), "bridge");
            registry.Register<BridgeActor>(bridge);
        });
    }

    /// <summary>The Linux adapter and the <c>bridge</c> command palette.</summary>
    public static IServiceCollection AddBridge(this IServiceCollection services) =>
        services.AddLinuxAdapter().AddSingleton<ICommandPalette, BridgePalette>();
}
