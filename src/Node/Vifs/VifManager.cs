using Akka.Actor;
using Akka.Event;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using XenMesh.Node.Commands;
using XenMesh.Node.Configuration;
using XenMesh.Node.Filter;
using XenMesh.Node.Linux;
using XenMesh.Node.Xen;
using static XenMesh.Messages.Vifs.VifRegistryEvents;
using static XenMesh.Node.Vifs.VifProtocol;
using static XenMesh.Node.Vifs.VifRegistryProtocol;

namespace XenMesh.Node.Vifs;

/// <summary>
/// Parent of one <see cref="VifActor"/> per vif with work to do or a registration to represent. Routes
/// each command to the actor of its (domid, devid), and stops an actor once it has nothing queued and
/// its vif is not registered. At start, once the registry has recovered, it reconciles the registry
/// with the kernel before it takes any command, so a restart converges without hotplug events.
/// </summary>
public sealed class VifManager : ReceiveActor, IWithStash, IWithTimers
{
    private static readonly TimeSpan RegistryTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ReconcileRetry = TimeSpan.FromSeconds(30);

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly IActorRef _registry;
    private readonly LinkAdapter _links;
    private readonly IXenStore _xenStore;
    private readonly string _guestBridge;
    private readonly IActorRef? _filter;
    private readonly Dictionary<VifId, Child> _children = [];
    private long _incarnation;

    public VifManager(IActorRef registry, LinkAdapter links, IXenStore xenStore, string guestBridge, IActorRef? filter = null)
    {
        _registry = registry;
        _links = links;
        _xenStore = xenStore;
        _guestBridge = guestBridge;
        _filter = filter;

        ReceiveAsync<StartupReconcile>(async _ =>
        {
            await ReconcileAsync().ConfigureAwait(true);
            Become(Ready);
            Stash.UnstashAll();
        });
        ReceiveAny(_ => Stash.Stash());
    }

    public IStash Stash { get; set; } = null!;

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>The manager; <paramref name="filter"/> is the bridge filter each vif actor keeps current, or null when <c>bridge.filter</c> is off.</summary>
    public static Props Props(IActorRef registry, LinkAdapter links, IXenStore xenStore, string guestBridge, IActorRef? filter = null) =>
        Akka.Actor.Props.Create(() => new VifManager(registry, links, xenStore, guestBridge, filter));

    protected override void PreStart() => Self.Tell(StartupReconcile.Instance);

    private void Ready()
    {
        Receive<IVifCommand>(c => Route(c, Sender));
        Receive<VifActor.Finished>(OnFinished);
        ReceiveAsync<Reconcile>(async _ => Sender.Tell(await ReconcileAsync().ConfigureAwait(true)));
        ReceiveAsync<StartupReconcile>(async _ => await ReconcileAsync().ConfigureAwait(true));
        ReceiveAsync<ListVifs>(async _ => Sender.Tell(await ListAsync().ConfigureAwait(true)));

        // Answers to the commands reconciliation sent: the vif actors logged the details already.
        Receive<VifFailed>(f => !f.Transient, f => _log.Warning("Reconcile: {Vif}: {Problem}", f.Vif, f.Reason));
        Receive<VifFailed>(f =>
        {
            // The guest bridge may not exist yet at boot, or a program may have failed once: try again later.
            _log.Warning("Reconcile: {Vif}: {Problem}; reconciling again in {Delay}", f.Vif, f.Reason, ReconcileRetry);
            Timers.StartSingleTimer(StartupReconcile.Instance, StartupReconcile.Instance, ReconcileRetry);
        });
        Receive<VifAttached>(_ => { });
        Receive<VifAttachedUnregistered>(_ => { });
        Receive<VifDetached>(_ => { });
    }

    private void Route(IVifCommand command, IActorRef replyTo)
    {
        if (!_children.TryGetValue(command.Id, out var child))
        {
            var name = $"vif-{command.Id.DomId}-{command.Id.DevId}-{++_incarnation}";
            child = new Child(Context.ActorOf(VifActor.Props(_registry, _links, _guestBridge, _filter), name), 0);
        }

        _children[command.Id] = child with { Pending = child.Pending + 1 };
        child.Actor.Tell(command, replyTo);
    }

    private void OnFinished(VifActor.Finished finished)
    {
        if (!_children.TryGetValue(finished.Id, out var child))
            return;
        var pending = child.Pending - 1;
        if (pending > 0 || finished.Registered)
        {
            _children[finished.Id] = child with { Pending = pending };
            return;
        }

        // Only this actor sends to the child, so with nothing pending its mailbox is empty and no command is lost.
        Context.Stop(child.Actor);
        _children.Remove(finished.Id);
    }

    /// <summary>
    /// Registry entries whose interface exists are attached again; entries whose interface is gone are
    /// forgotten; default-named vif interfaces the registry does not know are registered from their
    /// backend data, or only attached when it cannot be read.
    /// </summary>
    private async Task<Reconciled> ReconcileAsync()
    {
        var actions = new List<string>();
        try
        {
            var registered = (await _registry.Ask<RegisteredVifs>(GetVifs.Instance, RegistryTimeout).ConfigureAwait(true)).Vifs;
            var links = await _links.ListLinksAsync(CancellationToken.None).ConfigureAwait(true);
            var present = links.ToDictionary(l => l.Name, StringComparer.Ordinal);

            foreach (var vif in registered)
            {
                var id = VifRegistryState.IdOf(vif);
                if (present.TryGetValue(vif.Vif, out var link))
                {
                    if (link.Master == vif.Bridge && link.AdminUp)
                        continue;
                    Act(actions, $"{vif.Vif} is registered but {(link.Master == vif.Bridge ? "down" : "not on " + vif.Bridge)}: attaching it");
                    Route(new Online(id, vif.Vif, vif.Mac, new XenDomainName(vif.DomainName, false, null), vif.DomainUuid, vif.Bridge, vif.Mtu), Self);
                }
                else
                {
                    Act(actions, $"{vif.Vif} is registered but its interface is gone: forgetting it");
                    Route(new Offline(id, vif.Vif), Self);
                }
            }

            var known = registered.Select(v => v.Vif).ToHashSet(StringComparer.Ordinal);
            foreach (var link in links.Where(l => !known.Contains(l.Name)))
            {
                if (!VifName.TryParseDefault(link.Name, out var id, out _) || _children.ContainsKey(id))
                    continue;
                var (backend, problem) = await XenVifBackend.ReadAsync(_xenStore, id, CancellationToken.None).ConfigureAwait(true);
                if (backend is null)
                {
                    Act(actions, $"{link.Name} is not registered and its backend cannot be read ({problem}): attaching it to {_guestBridge}; it stays unregistered until a hotplug event names its MAC");
                    Route(new AttachUnregistered(id, link.Name), Self);
                }
                else
                {
                    Act(actions, $"{link.Name} is not registered; backend MAC {backend.Mac}: attaching and registering it");
                    Route(new Online(id, link.Name, backend.Mac, backend.Domain, backend.Uuid, backend.Bridge ?? _guestBridge, backend.Mtu), Self);
                }
            }

            if (actions.Count == 0)
                Act(actions, $"registry and kernel agree ({registered.Count} vifs)");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _log.Error(e, "Reconcile failed; retrying in {Delay}", ReconcileRetry);
            actions.Add($"failed: {e.Message}; retrying in {ReconcileRetry}");
            Timers.StartSingleTimer(StartupReconcile.Instance, StartupReconcile.Instance, ReconcileRetry);
        }

        return new Reconciled(actions);
    }

    private void Act(List<string> actions, string action)
    {
        _log.Info("Reconcile: {Action}", action);
        actions.Add(action);
    }

    private async Task<VifList> ListAsync()
    {
        var registered = (await _registry.Ask<RegisteredVifs>(GetVifs.Instance, RegistryTimeout).ConfigureAwait(true)).Vifs;
        var links = (await _links.ListLinksAsync(CancellationToken.None).ConfigureAwait(true)).ToDictionary(l => l.Name, StringComparer.Ordinal);
        return new VifList([.. registered.Select(v => new VifStatus(v, StateOf(v, links.GetValueOrDefault(v.Vif))))]);
    }

    private static string StateOf(VifRegistered vif, LinkInfo? link) => link switch
    {
        null => "missing",
        _ when link.Master != vif.Bridge => "detached",
        { AdminUp: true } => "attached",
        _ => "down",
    };

    private sealed record Child(IActorRef Actor, int Pending);

    private sealed record StartupReconcile : INoSerializationVerificationNeeded
    {
        public static readonly StartupReconcile Instance = new();

        private StartupReconcile()
        {
        }
    }
}

public static class VifHosting
{
    /// <summary>The services the vif feature needs: the Linux adapter, xenstore access and the <c>vif</c> palette.</summary>
    public static IServiceCollection AddVifs(this IServiceCollection services)
    {
        services.AddLinuxAdapter();
        services.TryAddSingleton<IXenStore, XenStoreCli>();
        services.AddSingleton<ICommandPalette, VifPalette>();
        return services;
    }

    /// <summary>
    /// The vif registry and the <see cref="VifManager"/> (registered as <c>IRequiredActor&lt;VifManager&gt;</c>),
    /// wired to the <see cref="BridgeFilter"/> when one was added before.
    /// </summary>
    public static AkkaConfigurationBuilder WithVifs(this AkkaConfigurationBuilder builder, XenMeshSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return builder
            .WithVifRegistry(settings.Host.Id)
            .WithActors((system, registry, resolver) => registry.Register<VifManager>(system.ActorOf(
                VifManager.Props(
                    registry.Get<VifRegistry>(),
                    resolver.GetService<LinkAdapter>(),
                    resolver.GetService<IXenStore>(),
                    settings.Bridge.Name,
                    registry.TryGet<BridgeFilter>(out var filter) ? filter : null),
                "vifs")));
    }
}
