using System.Collections.Immutable;
using XenMesh.Node.Xen;
using static XenMesh.Messages.Vifs.VifRegistryEvents;
using static XenMesh.Node.Vifs.VifRegistryProtocol;

namespace XenMesh.Node.Vifs;

/// <summary>The outcome of one registry command: events to persist (maybe none) and the reply to send after them.</summary>
public sealed record VifRegistryDecision(IReadOnlyList<IVifRegistryEvent> Events, object Reply);

/// <summary>
/// The vif registry's rules as a pure value: which vifs this host serves, keyed by (domid, devid).
/// <see cref="Apply"/> decides, <see cref="Evolve"/> applies a persisted event; the actor only
/// persists and replies. Every command is idempotent, so repeated or reordered hotplug events converge.
/// </summary>
public sealed record VifRegistryState
{
    public static readonly VifRegistryState Empty = new(ImmutableDictionary<VifId, VifRegistered>.Empty);

    private VifRegistryState(ImmutableDictionary<VifId, VifRegistered> vifs) => Vifs = vifs;

    public ImmutableDictionary<VifId, VifRegistered> Vifs { get; }

    public static VifId IdOf(VifRegistered registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        return new VifId(registration.DomId, registration.DevId);
    }

    public static VifRegistryState FromSnapshot(VifRegistrySnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return new VifRegistryState(snapshot.Vifs.ToImmutableDictionary(IdOf));
    }

    public VifRegistrySnapshot ToSnapshot() => new(Ordered());

    public VifRegistryDecision Apply(IVifRegistryCommand command) => command switch
    {
        Register r => Decide(r.Registration),
        Forget f => Vifs.TryGetValue(f.Id, out var previous)
            ? new VifRegistryDecision([new VifForgotten(previous.Vif, previous.DomId, previous.DevId)], new Forgotten(previous))
            : new VifRegistryDecision([], new Forgotten(null)),
        GetVifs => new VifRegistryDecision([], new RegisteredVifs(Ordered())),
        _ => throw new ArgumentException($"unknown registry command {command.GetType()}", nameof(command)),
    };

    public VifRegistryState Evolve(IVifRegistryEvent e) => e switch
    {
        VifRegistered r => new VifRegistryState(Vifs.SetItem(IdOf(r), r)),
        VifForgotten f => new VifRegistryState(Vifs.Remove(new VifId(f.DomId, f.DevId))),
        _ => throw new ArgumentException($"unknown registry event {e.GetType()}", nameof(e)),
    };

    private VifRegistryDecision Decide(VifRegistered registration)
    {
        var id = IdOf(registration);
        if (Vifs.TryGetValue(id, out var current) && current == registration)
            return new VifRegistryDecision([], new Registered(registration, Changed: false));

        // An interface name belongs to one device at a time, so another entry under this name missed
        // its offline: it is stale and goes first.
        var events = new List<IVifRegistryEvent>();
        foreach (var stale in Vifs.Values.Where(v => v.Vif == registration.Vif && IdOf(v) != id))
            events.Add(new VifForgotten(stale.Vif, stale.DomId, stale.DevId));

        var holder = Vifs.Values.FirstOrDefault(v => v.Mac == registration.Mac && IdOf(v) != id && v.Vif != registration.Vif);
        if (holder is not null)
        {
            return new VifRegistryDecision(
                [],
                new RegistrationConflict(holder, $"MAC {registration.Mac} of {registration.Vif} (domid {registration.DomId} devid {registration.DevId}) is already registered to {holder.Vif} (domid {holder.DomId} devid {holder.DevId})"));
        }

        events.Add(registration);
        return new VifRegistryDecision(events, new Registered(registration, Changed: true));
    }

    private ImmutableArray<VifRegistered> Ordered() =>
        [.. Vifs.Values.OrderBy(v => v.DomId).ThenBy(v => v.DevId)];
}
