using Akka.Actor;
using Akka.Event;
using XenMesh.Node.Filter;
using XenMesh.Node.Linux;
using XenMesh.Node.Xen;
using static XenMesh.Messages.Vifs.VifRegistryEvents;
using static XenMesh.Node.Vifs.VifProtocol;
using static XenMesh.Node.Vifs.VifRegistryProtocol;

namespace XenMesh.Node.Vifs;

/// <summary>
/// One vif, identified by (domid, devid). Handles its commands one at a time, so a repeated or
/// reordered online/offline for the same vif can never interleave. Attaches before it registers: the
/// registry only ever names ports that are on the guest bridge. With the bridge filter on, a registered
/// port's backend MAC is in the filter's sets before the command is answered, and a port going offline
/// leaves them. Replies to the asker and tells its
/// parent <see cref="Finished"/> after each command.
/// </summary>
public sealed class VifActor : ReceiveActor
{
    private static readonly TimeSpan RegistryTimeout = TimeSpan.FromSeconds(30);

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly IActorRef _registry;
    private readonly LinkAdapter _links;
    private readonly string _guestBridge;
    private readonly IActorRef? _filter;

    public VifActor(IActorRef registry, LinkAdapter links, string guestBridge, IActorRef? filter)
    {
        _registry = registry;
        _links = links;
        _guestBridge = guestBridge;
        _filter = filter;

        ReceiveAsync<Online>(c => Run(c, () => OnlineAsync(c)));
        ReceiveAsync<Offline>(c => Run(c, () => OfflineAsync(c)));
        ReceiveAsync<AttachUnregistered>(c => Run(c, () => AttachUnregisteredAsync(c)));
    }

    /// <summary>Sent to the parent after each command; <paramref name="Registered"/>: the vif is in the registry now.</summary>
    public sealed record Finished(VifId Id, bool Registered) : INoSerializationVerificationNeeded;

    /// <summary>The actor for one vif; <paramref name="filter"/> is the <see cref="BridgeFilterActor"/>, or null when <c>bridge.filter</c> is off.</summary>
    public static Props Props(IActorRef registry, LinkAdapter links, string guestBridge, IActorRef? filter) =>
        Akka.Actor.Props.Create(() => new VifActor(registry, links, guestBridge, filter));

    private async Task Run(IVifCommand command, Func<Task<object>> handle)
    {
        var replyTo = Sender;
        object reply;
        try
        {
            reply = await handle().ConfigureAwait(true);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Whatever failed, the asker gets an answer and the parent its Finished, so no command is left hanging.
            _log.Warning("{Command} for {Vif} failed: {Problem}", command.GetType().Name, command.Vif, e.Message);
            reply = new VifFailed(command.Vif, e.Message, Transient: true);
        }

        replyTo.Tell(reply);
        Context.Parent.Tell(new Finished(command.Id, reply is VifAttached));
    }

    private async Task<object> OnlineAsync(Online c)
    {
        if (c.Domain.Problem is { } nameProblem)
            _log.Warning("{Vif}: {Problem}; the vif attaches without a DNS name", c.Vif, nameProblem);

        if (c.Bridge != _guestBridge)
            return await AttachElsewhereAsync(c).ConfigureAwait(true);

        await _links.AttachToBridgeAsync(c.Vif, _guestBridge, c.Mtu, CancellationToken.None).ConfigureAwait(true);
        var registration = new VifRegistered(c.Vif, c.Id.DomId, c.Id.DevId, c.Mac, c.Domain.Label, c.Uuid, _guestBridge, c.Mtu);
        var answer = await _registry.Ask(new Register(registration), RegistryTimeout).ConfigureAwait(true);
        if (answer is RegistrationConflict conflict && await IsGoneAsync(conflict.Holder).ConfigureAwait(true))
        {
            _log.Info("{Vif}: MAC {Mac} was held by {Holder}, whose interface is gone; forgetting it", c.Vif, c.Mac, conflict.Holder.Vif);
            await _registry.Ask<Forgotten>(new Forget(VifRegistryState.IdOf(conflict.Holder)), RegistryTimeout).ConfigureAwait(true);
            answer = await _registry.Ask(new Register(registration), RegistryTimeout).ConfigureAwait(true);
        }

        switch (answer)
        {
            case Registered r:
                if (await FilterAsync(new BridgeFilterProtocol.PortOnline(c.Vif, c.Mac)).ConfigureAwait(true) is { } filterProblem)
                    return new VifFailed(c.Vif, $"{c.Vif} is attached and registered, but the bridge filter does not let it through yet: {filterProblem}", Transient: true);
                _log.Info("Attached {Vif} (domid {DomId} devid {DevId}) to {Bridge}{Note}", c.Vif, c.Id.DomId, c.Id.DevId, _guestBridge, r.Changed ? string.Empty : ", already registered");
                return new VifAttached(r.Registration, r.Changed);
            case RegistrationConflict refused:
                _log.Warning("{Vif} is attached to {Bridge} but not registered: {Problem}", c.Vif, _guestBridge, refused.Reason);
                return new VifFailed(c.Vif, $"refused: {refused.Reason}; {c.Vif} stays attached but unregistered");
            default:
                throw new InvalidOperationException($"unexpected registry answer {answer.GetType()}");
        }
    }

    /// <summary>A vif on another bridge is attached the way vif-bridge would, and otherwise left alone.</summary>
    private async Task<object> AttachElsewhereAsync(Online c)
    {
        var bridge = await _links.GetLinkAsync(c.Bridge, CancellationToken.None).ConfigureAwait(true);
        if (bridge is not { Kind: "bridge" })
            return new VifFailed(c.Vif, $"bridge '{c.Bridge}' is not a bridge on this host (the guest bridge is '{_guestBridge}'); {c.Vif} was not attached");

        await _links.AttachToBridgeAsync(c.Vif, c.Bridge, c.Mtu, CancellationToken.None).ConfigureAwait(true);
        var forgotten = await _registry.Ask<Forgotten>(new Forget(c.Id), RegistryTimeout).ConfigureAwait(true);
        if (forgotten.Previous is not null)
            _log.Info("{Vif} moved from {OldBridge} to {Bridge}; no longer registered", c.Vif, forgotten.Previous.Bridge, c.Bridge);
        _log.Info("Attached {Vif} to {Bridge}, which is not the guest bridge {GuestBridge}: left unregistered", c.Vif, c.Bridge, _guestBridge);
        return new VifAttachedUnregistered(c.Vif, c.Bridge, $"'{c.Bridge}' is not the guest bridge '{_guestBridge}'");
    }

    private async Task<object> OfflineAsync(Offline c)
    {
        var detach = await _links.DetachFromBridgeAsync(c.Vif, CancellationToken.None).ConfigureAwait(true);
        var forgotten = await _registry.Ask<Forgotten>(new Forget(c.Id), RegistryTimeout).ConfigureAwait(true);
        if (forgotten.Previous is { } previous && previous.Vif != c.Vif)
        {
            await _links.DetachFromBridgeAsync(previous.Vif, CancellationToken.None).ConfigureAwait(true);
            await FilterAsync(new BridgeFilterProtocol.PortOffline(previous.Vif)).ConfigureAwait(true);
        }

        if (await FilterAsync(new BridgeFilterProtocol.PortOffline(c.Vif)).ConfigureAwait(true) is { } filterProblem)
            _log.Warning("{Vif}: the bridge filter still names it: {Problem}", c.Vif, filterProblem);
        if (forgotten.Previous is { } departed)
            Context.System.EventStream.Publish(new VifDeparted(c.Id, departed.Vif, departed.Mac));
        _log.Info("Detached {Vif} (domid {DomId} devid {DevId}){Absent}{Unregistered}", c.Vif, c.Id.DomId, c.Id.DevId,
            detach == DetachResult.Absent ? ", the device was already gone" : string.Empty,
            forgotten.Previous is null ? ", it was not registered" : string.Empty);
        return new VifDetached(c.Vif, detach == DetachResult.Absent, forgotten.Previous);
    }

    private async Task<object> AttachUnregisteredAsync(AttachUnregistered c)
    {
        await _links.AttachToBridgeAsync(c.Vif, _guestBridge, null, CancellationToken.None).ConfigureAwait(true);
        return new VifAttachedUnregistered(c.Vif, _guestBridge, "its backend data cannot be read; it stays unregistered until a hotplug event names its MAC");
    }

    /// <summary>Null once the filter's sets hold the change (or there is no filter), else the reason.</summary>
    private async Task<string?> FilterAsync(BridgeFilterProtocol.IBridgeFilterCommand command)
    {
        if (_filter is null)
            return null;
        var answer = await _filter.Ask(command, RegistryTimeout).ConfigureAwait(true);
        return answer is BridgeFilterProtocol.FilterFailed failed ? failed.Reason : null;
    }

    private async Task<bool> IsGoneAsync(VifRegistered holder) =>
        await _links.GetLinkAsync(holder.Vif, CancellationToken.None).ConfigureAwait(true) is null;
}
