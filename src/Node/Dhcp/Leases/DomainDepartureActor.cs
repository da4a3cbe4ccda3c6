using System.Globalization;
using Akka.Actor;
using Akka.Event;
using XenMesh.Node.Vifs;
using XenMesh.Node.Xen;
using static XenMesh.Node.Dhcp.Leases.LeasePoolProtocol;

namespace XenMesh.Node.Dhcp.Leases;

/// <summary>
/// Ends the lease of a guest whose domain was destroyed, and keeps it when the domain migrated away
/// (protocol-rules L5, xen-hotplug.md §4). libxl runs <c>offline</c> before it removes the domain from
/// xenstore, so after each <see cref="VifDeparted"/> the domain's <c>name</c> is read again every
/// <see cref="CheckInterval"/> for up to <see cref="CheckWindow"/>: a name ending in <c>--migratedaway</c>
/// keeps the lease for the destination host; a domain gone from a readable xenstore releases it; a
/// domain still there at the end (<c>xl network-detach</c>) keeps it until it expires, and so does a MAC that is
/// registered again (a rebooted guest, a new domain). Without a readable
/// xenstore nothing is released: the lease then simply expires.
/// </summary>
public sealed class DomainDepartureActor : ReceiveActor, IWithTimers
{
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan CheckWindow = TimeSpan.FromSeconds(60);

    private const string Dom0 = "/local/domain/0";

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private static readonly TimeSpan RegistryTimeout = TimeSpan.FromSeconds(30);

    private readonly IActorRef _pool;
    private readonly IActorRef _registry;
    private readonly IXenStore _xenStore;

    public DomainDepartureActor(IActorRef pool, IActorRef registry, IXenStore xenStore)
    {
        _pool = pool;
        _registry = registry;
        _xenStore = xenStore;
        Receive<VifDeparted>(d => Self.Tell(new Check(d, 0)));
        ReceiveAsync<Check>(CheckAsync);
        Receive<ClientReleased>(r => _log.Info("Released {Count} leases of a destroyed domain: {Addresses}", r.Released.Count, string.Join(", ", r.Released.Select(l => l.Address))));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IActorRef pool, IActorRef registry, IXenStore xenStore) => Akka.Actor.Props.Create(() => new DomainDepartureActor(pool, registry, xenStore));

    protected override void PreStart() => Context.System.EventStream.Subscribe<VifDeparted>(Self);

    private async Task CheckAsync(Check check)
    {
        var departed = check.Departed;
        var domain = string.Create(CultureInfo.InvariantCulture, $"/local/domain/{departed.Id.DomId}");
        var name = await _xenStore.ReadAsync($"{domain}/name", CancellationToken.None).ConfigureAwait(true);
        if (name.Value is { } raw)
        {
            if (XenDomainName.Interpret(raw).MigratedAway)
            {
                _log.Info("{Vif} went offline while its domain {DomId} is migrating away: the lease of {Mac} stays for the destination host", departed.Vif, departed.Id.DomId, departed.Mac);
                return;
            }

            if (check.Attempt * CheckInterval >= CheckWindow)
            {
                _log.Info("{Vif} went offline but domain {DomId} is still there after {Window}: the lease of {Mac} stays until it expires", departed.Vif, departed.Id.DomId, CheckWindow, departed.Mac);
                return;
            }

            Timers.StartSingleTimer(check with { Attempt = 0 }, check with { Attempt = check.Attempt + 1 }, CheckInterval);
            return;
        }

        if ((await _xenStore.ReadAsync(Dom0, CancellationToken.None).ConfigureAwait(true)).Value is null)
        {
            _log.Info("{Vif} went offline and xenstore cannot be read ({Problem}): the lease of {Mac} stays until it expires", departed.Vif, name.Problem, departed.Mac);
            return;
        }

        // A rebooted guest is a new domain with the same MAC that may be back already: its lease is not ours to end.
        var vifs = await _registry.Ask<VifRegistryProtocol.RegisteredVifs>(VifRegistryProtocol.GetVifs.Instance, RegistryTimeout).ConfigureAwait(true);
        if (vifs.Vifs.FirstOrDefault(v => v.Mac == departed.Mac) is { } successor)
        {
            _log.Info("{Vif} went offline and domain {DomId} is destroyed, but {Mac} is back on {Successor}: the lease stays", departed.Vif, departed.Id.DomId, departed.Mac, successor.Vif);
            return;
        }

        _log.Info("{Vif} went offline and domain {DomId} is destroyed: releasing the lease of {Mac}", departed.Vif, departed.Id.DomId, departed.Mac);
        _pool.Tell(new ReleaseClient(departed.Mac));
    }

    /// <summary>One look at the departed vif's domain; <paramref name="Attempt"/> counts the looks before.</summary>
    private sealed record Check(VifDeparted Departed, int Attempt);
}
