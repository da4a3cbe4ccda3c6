using System.Globalization;
using Akka.Actor;
using Akka.Hosting;
using XenMesh.Messages.Commands;
using XenMesh.Node.Commands;
using XenMesh.Node.Configuration;
using static XenMesh.Node.Vifs.VifProtocol;

namespace XenMesh.Node.Vifs;

/// <summary>
/// The <c>vif</c> palette: the hotplug script's <c>online</c>/<c>offline</c> notifications, the
/// operator's <c>list</c> and <c>reconcile</c>. Arguments are validated here, before any actor sees them:
/// a refused request changes nothing.
/// </summary>
public sealed class VifPalette(IRequiredActor<VifManager> manager, XenMeshSettings settings) : ICommandPalette
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static readonly ArgumentDefinition VifArgument = new("vif", "interface name of the vif (after any vifname rename)", ["-v"], IsMandatory: true);
    private static readonly ArgumentDefinition PathArgument = new("path", "XENBUS_PATH, backend/vif/<domid>/<devid>", ["-p"], IsMandatory: true);

    public PaletteDefinition Definition { get; } = new("vif", "guest network interfaces on this host",
    [
        new CommandDefinition("online", "a vif came online: attach it to the guest bridge and register it",
        [
            VifArgument,
            PathArgument,
            new("mac", "backend MAC address", ["-m"], IsMandatory: true),
            new("domain", "Xen domain name", ["-d"]),
            new("bridge", "bridge named by the vif spec (default: the guest bridge)", ["-b"]),
            new("uuid", "Xen domain UUID", ["-u"]),
            new("mtu", "MTU of the vif spec", ["-t"]),
        ],
        Mutating: true),
        new CommandDefinition("offline", "a vif went offline: detach and forget it", [VifArgument, PathArgument], Mutating: true),
        new CommandDefinition("list", "registered vifs and the state of their ports", []),
        new CommandDefinition("reconcile", "converge the registry with the kernel's interfaces now", [], Mutating: true),
    ]);

    public async Task ExecuteAsync(CommandInvocation invocation, ICommandOutput output, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        ArgumentNullException.ThrowIfNull(output);
        switch (invocation.Command)
        {
            case "online":
                var (online, onlineErrors) = VifRequest.ParseOnline(
                    invocation.Get("vif"), invocation.Get("path"), invocation.Get("mac"), invocation.Get("domain"),
                    invocation.Get("bridge"), invocation.Get("uuid"), invocation.Get("mtu"), settings.Bridge.Name);
                await ReportAsync(await AskAsync(online ?? throw Refused(onlineErrors), ct).ConfigureAwait(false), invocation, output, ct).ConfigureAwait(false);
                break;
            case "offline":
                var (offline, offlineErrors) = VifRequest.ParseOffline(invocation.Get("vif"), invocation.Get("path"));
                await ReportAsync(await AskAsync(offline ?? throw Refused(offlineErrors), ct).ConfigureAwait(false), invocation, output, ct).ConfigureAwait(false);
                break;
            case "list":
                await ListAsync(invocation, output, ct).ConfigureAwait(false);
                break;
            case "reconcile":
                var reconciled = (Reconciled)await AskAsync(Reconcile.Instance, ct).ConfigureAwait(false);
                foreach (var action in reconciled.Actions)
                    await output.WriteLineAsync(action, ct).ConfigureAwait(false);
                break;
            default:
                throw new CommandFailedException($"vif has no command '{invocation.Command}'");
        }
    }

    private static CommandFailedException Refused(IReadOnlyList<string> errors) =>
        new($"refused, nothing was changed: {string.Join("; ", errors)}");

    private async Task<object> AskAsync(object message, CancellationToken ct)
    {
        var actor = await manager.GetAsync(ct).ConfigureAwait(false);
        return await actor.Ask<object>(message, Timeout, ct).ConfigureAwait(false);
    }

    private static async Task ReportAsync(object reply, CommandInvocation invocation, ICommandOutput output, CancellationToken ct)
    {
        var (text, record) = reply switch
        {
            VifAttached a => (
                $"{a.Registration.Vif} attached to {a.Registration.Bridge} and {(a.Changed ? "registered" : "already registered")}",
                (object)VifRecord.From(new VifStatus(a.Registration, "attached"))),
            VifAttachedUnregistered u => ($"{u.Vif} attached to {u.Bridge}, not registered: {u.Reason}", new { vif = u.Vif, bridge = u.Bridge, registered = false, reason = u.Reason }),
            VifDetached d => (
                $"{d.Vif} {(d.Absent ? "was already gone" : "detached")}{(d.Forgotten is null ? ", was not registered" : " and forgotten")}",
                new { vif = d.Vif, absent = d.Absent, forgotten = d.Forgotten is not null }),
            VifFailed f => throw new CommandFailedException(f.Reason),
            _ => throw new CommandFailedException($"unexpected answer {reply.GetType().Name}"),
        };
        if (invocation.Json)
            await output.WriteRecordAsync(record, ct).ConfigureAwait(false);
        else
            await output.WriteLineAsync(text, ct).ConfigureAwait(false);
    }

    private async Task ListAsync(CommandInvocation invocation, ICommandOutput output, CancellationToken ct)
    {
        var list = (VifList)await AskAsync(ListVifs.Instance, ct).ConfigureAwait(false);
        foreach (var vif in list.Vifs)
        {
            if (invocation.Json)
            {
                await output.WriteRecordAsync(VifRecord.From(vif), ct).ConfigureAwait(false);
                continue;
            }

            var r = vif.Registration;
            var line = string.Create(CultureInfo.InvariantCulture, $"{r.Vif} | dom {r.DomId} {r.DomainName ?? "-"} | {r.Mac} | {r.Bridge} | {vif.State}");
            await output.WriteLineAsync(line, ct).ConfigureAwait(false);
        }

        if (!invocation.Json)
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Count: {list.Vifs.Count} vifs"), ct).ConfigureAwait(false);
    }
}

/// <summary>One vif as <c>vif list -j</c> prints it.</summary>
public sealed record VifRecord(string Vif, int DomId, int DevId, string Mac, string? Name, Guid? Uuid, string Bridge, int? Mtu, string State)
{
    public static VifRecord From(VifStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var r = status.Registration;
        return new VifRecord(r.Vif, r.DomId, r.DevId, r.Mac.ToString(), r.DomainName, r.DomainUuid, r.Bridge, r.Mtu, status.State);
    }
}
