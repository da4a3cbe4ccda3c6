using System.Globalization;
using XenMesh.Cluster.Names;
using XenMesh.Messages.Commands;
using XenMesh.Messages.Values;
using XenMesh.Node.Commands;
using XenMesh.Node.Dns.Recursion;
using XenMesh.Node.Dns.Server;
using XenMesh.Node.Dns.Zone;
using XenMesh.Node.Mesh;

namespace XenMesh.Node.Dns;

/// <summary>
/// The <c>dns</c> palette: the zone exactly as the DNS server answers it (the current snapshot, not the
/// pool), the server's and the forwarder's counters, and the mesh's name conflicts (from the replica).
/// </summary>
public sealed class DnsPalette(ZoneSnapshotHolder holder, DnsServerCounters counters, DnsRecursionCounters forwarder, ZoneView names) : ICommandPalette
{
    public PaletteDefinition Definition { get; } = new("dns", "the mesh zone this host serves and its DNS server",
    [
        new CommandDefinition("list", "every name of the zone: name, address, owner host, TTL", []),
        new CommandDefinition("lookup", "answer a name (A) or an address or reverse name (PTR) from the zone", [new("name", "a name (xen1, xen1.xen), an IPv4 address or an in-addr.arpa name", ["-n"], IsMandatory: true)]),
        new CommandDefinition("stats", "queries answered, refused, dropped and malformed since the agent started; Forwarder.* for names forwarded upstream", []),
        DnsConflictsCommand.Definition,
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
            case "lookup":
                await LookupAsync(invocation, output, ct).ConfigureAwait(false);
                break;
            case "stats":
                await StatsAsync(invocation, output, ct).ConfigureAwait(false);
                break;
            case "conflicts":
                await DnsConflictsCommand.ExecuteAsync(names.Current, invocation.Json, output, ct).ConfigureAwait(false);
                break;
            default:
                throw new CommandFailedException($"dns has no command '{invocation.Command}'");
        }
    }

    private async Task ListAsync(CommandInvocation invocation, ICommandOutput output, CancellationToken ct)
    {
        var snapshot = Current();
        foreach (var record in snapshot.Records)
        {
            var entry = ZoneEntryJson.From(record, snapshot.Content);
            if (invocation.Json)
                await output.WriteRecordAsync(entry, ct).ConfigureAwait(false);
            else
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{entry.Name} | {entry.Address} | {entry.Owner} | {entry.Ttl}s"), ct).ConfigureAwait(false);
        }

        if (!invocation.Json)
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Count: {snapshot.Records.Count} names, serial {snapshot.Content.Serial}"), ct).ConfigureAwait(false);
    }

    private async Task LookupAsync(CommandInvocation invocation, ICommandOutput output, CancellationToken ct)
    {
        var snapshot = Current();
        var content = snapshot.Content;
        var text = invocation.Get("name")!.Trim().TrimEnd('.');
        var address = Ipv4Interface.TryParseAddress(text, out var parsed) ? parsed : ReverseName.AddressOf(text);
        IEnumerable<DnsAnswerJson> answers;
        if (address is not null)
        {
            var reverse = ReverseName.Of(address) + ".";
            answers = snapshot.Records
                .Where(r => r.Address.Equals(address) && content.ReverseSubnets.Any(s => s.Contains(address)))
                .Select(r => new DnsAnswerJson(reverse, "PTR", $"{r.Name}.{content.Domain}.", content.Ttl, r.Owner));
        }
        else
        {
            var suffix = "." + content.Domain;
            var label = text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase) ? text[..^suffix.Length] : text;
            answers = snapshot.Records
                .Where(r => string.Equals(r.Name, label, StringComparison.OrdinalIgnoreCase))
                .Select(r => new DnsAnswerJson($"{r.Name}.{content.Domain}.", "A", r.Address.ToString(), content.Ttl, r.Owner));
        }

        var found = answers.ToList();
        if (found.Count == 0)
            throw new CommandFailedException($"{text}: not in the zone (the server answers NXDOMAIN or NODATA, or forwards it when it is outside {content.Domain} and the reverse zones)");
        foreach (var answer in found)
        {
            if (invocation.Json)
                await output.WriteRecordAsync(answer, ct).ConfigureAwait(false);
            else
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{answer.Name} {answer.Ttl} IN {answer.Type} {answer.Data} (owner {answer.Owner})"), ct).ConfigureAwait(false);
        }
    }

    private async Task StatsAsync(CommandInvocation invocation, ICommandOutput output, CancellationToken ct)
    {
        var all = new SortedDictionary<string, long>(counters.Snapshot().Concat(forwarder.Snapshot().ToCounters()).ToDictionary(), StringComparer.Ordinal);
        if (invocation.Json)
        {
            await output.WriteRecordAsync(all, ct).ConfigureAwait(false);
            return;
        }

        foreach (var (name, value) in all)
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{name}: {value}"), ct).ConfigureAwait(false);
    }

    private ZoneSnapshot Current() =>
        holder.Current ?? throw new CommandFailedException("the zone is not loaded yet (the lease pool has not answered)");
}

/// <summary>One name as <c>dns list -j</c> and <c>demo status -j</c> print it.</summary>
public sealed record ZoneEntryJson(string Name, string Address, string Owner, uint Ttl)
{
    public static ZoneEntryJson From(ZoneRecord record, ZoneContent content)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(content);
        return new($"{record.Name}.{content.Domain}", record.Address.ToString(), record.Owner, content.Ttl);
    }
}

/// <summary>One record as <c>dns lookup -j</c> prints it.</summary>
public sealed record DnsAnswerJson(string Name, string Type, string Data, uint Ttl, string Owner);
