using System.Globalization;
using System.Net;
using Akka.Actor;
using Akka.Hosting;
using XenMesh.Messages.Commands;
using XenMesh.Messages.Values;
using XenMesh.Node.Commands;
using XenMesh.Node.Configuration;
using XenMesh.Node.Dhcp.Leases;
using static XenMesh.Node.Dhcp.Leases.LeasePoolProtocol;

namespace XenMesh.Node.Dhcp;

/// <summary>
/// The <c>lease</c> palette: the host's leases as the lease pool holds them. Arguments are parsed here,
/// before the pool sees anything, so a refused request changes nothing.
/// </summary>
public sealed class LeasePalette(IRequiredActor<LeasePool> pool, XenMeshSettings settings) : ICommandPalette
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static readonly ArgumentDefinition MacArgument = new("mac", "the client's hardware address", ["-m"]);
    private static readonly ArgumentDefinition AddressArgument = new("ip", "an IPv4 address", ["-i"]);

    public PaletteDefinition Definition { get; } = new("lease", "DHCP leases of this host's guest subnet",
    [
        new CommandDefinition("list", "every lease: address, MAC, vif, name, state, expiry", [new("subnet", "only leases inside this subnet (CIDR)", ["-s"])]),
        new CommandDefinition("show", "one client's or one address's lease in detail (give -m or -i)", [MacArgument, AddressArgument]),
        new CommandDefinition("release", "end every lease of a client now, as its DHCPRELEASE would", [MacArgument with { IsMandatory = true }], Mutating: true),
        new CommandDefinition(
            "reserve",
            "always give this address to this client, kept in the pool's journal (not the config file)",
            [MacArgument with { IsMandatory = true }, AddressArgument with { IsMandatory = true }, new("name", "DNS label for the client's lease", ["-n"])],
            Mutating: true),
        new CommandDefinition(
            "unreserve",
            "remove the reservation lease reserve made for this client (journaled); a lease it holds runs on",
            [MacArgument with { IsMandatory = true }],
            Mutating: true),
        new CommandDefinition("pool", "the pool's size, use, outstanding offers and declined addresses", []),
    ]);

    public async Task ExecuteAsync(CommandInvocation invocation, ICommandOutput output, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        ArgumentNullException.ThrowIfNull(output);
        switch (invocation.Command)
        {
            case "list":
                await ListAsync(invocation, output, ct).ConfigureAwait(false);
                break;
            case "show":
                await ShowAsync(invocation, output, ct).ConfigureAwait(false);
                break;
            case "release":
                await ReleaseAsync(invocation, output, ct).ConfigureAwait(false);
                break;
            case "reserve":
                await ReserveAsync(invocation, output, ct).ConfigureAwait(false);
                break;
            case "unreserve":
                await UnreserveAsync(invocation, output, ct).ConfigureAwait(false);
                break;
            case "pool":
                await PoolAsync(invocation, output, ct).ConfigureAwait(false);
                break;
            default:
                throw new CommandFailedException($"lease has no command '{invocation.Command}'");
        }
    }

    private async Task ListAsync(CommandInvocation invocation, ICommandOutput output, CancellationToken ct)
    {
        Ipv4Subnet? subnet = null;
        if (invocation.Get("subnet") is { } text)
            subnet = Ipv4Subnet.TryParse(text, out var parsed, out var error) ? parsed : throw new CommandFailedException($"-s '{text}': {error}");

        var list = await AskAsync<LeaseList>(ListLeases.Instance, ct).ConfigureAwait(false);
        var now = DateTimeOffset.UtcNow;
        var leases = list.Leases.Where(l => subnet is not { } s || s.Contains(l.Address)).ToList();
        foreach (var lease in leases)
        {
            if (invocation.Json)
                await output.WriteRecordAsync(LeaseJson.From(lease, now), ct).ConfigureAwait(false);
            else
                await output.WriteLineAsync($"{lease.Address} | {lease.Mac} | {lease.Vif ?? "-"} | {lease.Name ?? "-"} | {StateOf(lease, now)} | expires {Utc(lease.Expires)}", ct).ConfigureAwait(false);
        }

        if (!invocation.Json)
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Count: {leases.Count} leases"), ct).ConfigureAwait(false);
    }

    private async Task ShowAsync(CommandInvocation invocation, ICommandOutput output, CancellationToken ct)
    {
        var (mac, address) = (invocation.Get("mac"), invocation.Get("ip"));
        if ((mac is null) == (address is null))
            throw new CommandFailedException("give either -m MAC or -i ADDRESS");
        var find = mac is not null ? new FindLeases(Mac: ParseMac(mac)) : new FindLeases(Address: ParseAddress(address!));
        var found = await AskAsync<LeaseList>(find, ct).ConfigureAwait(false);
        if (found.Leases.Count == 0)
            throw new CommandFailedException($"no lease for {mac ?? address}");

        var now = DateTimeOffset.UtcNow;
        var first = true;
        foreach (var lease in found.Leases)
        {
            if (invocation.Json)
            {
                await output.WriteRecordAsync(LeaseJson.From(lease, now), ct).ConfigureAwait(false);
                continue;
            }

            if (!first)
                await output.WriteLineAsync(string.Empty, ct).ConfigureAwait(false);
            first = false;
            foreach (var line in Details(lease, now))
                await output.WriteLineAsync(line, ct).ConfigureAwait(false);
        }
    }

    private async Task ReleaseAsync(CommandInvocation invocation, ICommandOutput output, CancellationToken ct)
    {
        var mac = ParseMac(invocation.Get("mac")!);
        var released = await AskAsync<ClientReleased>(new ReleaseClient(mac), ct).ConfigureAwait(false);
        if (invocation.Json)
        {
            await output.WriteRecordAsync(new { mac = mac.ToString(), released = released.Released.Select(l => l.Address.ToString()).ToList() }, ct).ConfigureAwait(false);
            return;
        }

        await output.WriteLineAsync(
            released.Released.Count == 0
                ? $"{mac} holds no lease; nothing released"
                : $"released {string.Join(", ", released.Released.Select(l => l.Address))} of {mac}",
            ct).ConfigureAwait(false);
    }

    private async Task ReserveAsync(CommandInvocation invocation, ICommandOutput output, CancellationToken ct)
    {
        var mac = ParseMac(invocation.Get("mac")!);
        var address = ParseAddress(invocation.Get("ip")!);
        var name = invocation.Get("name");
        if (name is not null && !DnsLabel.IsValid(name))
            throw new CommandFailedException($"-n '{name}' is not an RFC 1123 label (letters, digits and inner '-', at most 63)");
        var reply = await AskAsync<ILeasePoolReply>(new Reserve(mac, address, name?.ToLowerInvariant()), ct).ConfigureAwait(false);
        if (reply is ReservationRefused refused)
            throw new CommandFailedException($"refused, nothing was changed: {refused.Reason}");
        var accepted = (ReservationAccepted)reply;
        if (invocation.Json)
        {
            await output.WriteRecordAsync(new { mac = mac.ToString(), address = accepted.Address.ToString(), name = accepted.Name, changed = accepted.Changed }, ct).ConfigureAwait(false);
            return;
        }

        var named = accepted.Name is null ? string.Empty : $" as {accepted.Name}";
        await output.WriteLineAsync($"{accepted.Address} {(accepted.Changed ? "reserved" : "was already reserved")} for {mac}{named}", ct).ConfigureAwait(false);
    }

    private async Task UnreserveAsync(CommandInvocation invocation, ICommandOutput output, CancellationToken ct)
    {
        var mac = ParseMac(invocation.Get("mac")!);
        var reply = await AskAsync<ILeasePoolReply>(new Unreserve(mac), ct).ConfigureAwait(false);
        if (reply is ReservationRefused refused)
            throw new CommandFailedException($"refused, nothing was changed: {refused.Reason}");
        var removed = (Unreserved)reply;
        if (invocation.Json)
        {
            await output.WriteRecordAsync(new { mac = mac.ToString(), address = removed.Address?.ToString(), removed = removed.Address is not null }, ct).ConfigureAwait(false);
            return;
        }

        await output.WriteLineAsync(
            removed.Address is { } address
                ? $"removed the reservation of {address} for {mac}"
                : $"{mac} has no reservation made with lease reserve; nothing changed",
            ct).ConfigureAwait(false);
    }

    private async Task PoolAsync(CommandInvocation invocation, ICommandOutput output, CancellationToken ct)
    {
        var status = await AskAsync<PoolStatus>(GetPoolStatus.Instance, ct).ConfigureAwait(false);
        var subnet = Ipv4Interface.TryParse(settings.Bridge.Address, out var bridge, out _) ? bridge.Subnet.ToString() : settings.Bridge.Address;
        if (invocation.Json)
        {
            await output.WriteRecordAsync(
                new PoolJson(subnet, status.Size, status.Bound, status.Free, status.Offered, status.Quarantined, status.Dropped.ToDictionary(d => d.Key.ToString(), d => d.Value)),
                ct).ConfigureAwait(false);
            return;
        }

        await output.WriteLineAsync(
            string.Create(CultureInfo.InvariantCulture, $"{subnet} | used {status.Bound}/{status.Size} | offered {status.Offered} | declined {status.Quarantined}"),
            ct).ConfigureAwait(false);
    }

    private static IEnumerable<string> Details(LeaseRecord lease, DateTimeOffset now)
    {
        yield return $"address: {lease.Address}";
        yield return $"mac: {lease.Mac}";
        yield return $"client id: {lease.ClientId ?? "-"}";
        yield return $"vif: {lease.Vif ?? "-"}";
        yield return $"name: {lease.Name ?? "-"}";
        yield return $"name source: {lease.NameSource}";
        yield return $"state: {StateOf(lease, now)}";
        yield return $"bound since: {Utc(lease.BoundSince)}";
        yield return $"expires: {Utc(lease.Expires)}";
    }

    private static MacAddress ParseMac(string text) =>
        MacAddress.TryParse(text, out var mac, out var error) ? mac : throw new CommandFailedException($"-m '{text}': {error}");

    private static IPAddress ParseAddress(string text) =>
        Ipv4Interface.TryParseAddress(text, out var address) ? address : throw new CommandFailedException($"-i '{text}' is not an IPv4 address");

    /// <summary>A lease past its expiry is listed until the next sweep reaps it.</summary>
    internal static string StateOf(LeaseRecord lease, DateTimeOffset now) => lease.Expires > now ? "bound" : "expired";

    internal static string Utc(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private async Task<T> AskAsync<T>(ILeasePoolCommand command, CancellationToken ct)
    {
        var actor = await pool.GetAsync(ct).ConfigureAwait(false);
        return await actor.Ask<T>(command, Timeout, ct).ConfigureAwait(false);
    }
}

/// <summary>One lease as <c>lease list -j</c> and <c>lease show -j</c> print it.</summary>
public sealed record LeaseJson(
    string Address, string Mac, string? ClientId, string? Vif, string? Name, string NameSource, string State, DateTimeOffset BoundSince, DateTimeOffset Expires)
{
    public static LeaseJson From(LeaseRecord lease, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return new LeaseJson(
            lease.Address.ToString(), lease.Mac.ToString(), lease.ClientId, lease.Vif, lease.Name, lease.NameSource.ToString(),
            LeasePalette.StateOf(lease, now), lease.BoundSince, lease.Expires);
    }
}

/// <summary>The pool as <c>lease pool -j</c> prints it.</summary>
public sealed record PoolJson(string Subnet, int Size, int Used, int Free, int Offered, int Declined, IReadOnlyDictionary<string, long> Dropped);
