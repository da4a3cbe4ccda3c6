using System.Globalization;
using XenMesh.Cluster.Names;
using XenMesh.Messages.Commands;
using XenMesh.Node.Commands;

namespace XenMesh.Node.Mesh;

/// <summary>
/// <c>dns conflicts</c>: names claimed by more than one guest, from this node's zone replica; a command of the
/// <c>dns</c> palette (<see cref="Dns.DnsPalette"/>) that reads the mesh's table, not the served zone.
/// </summary>
public static class DnsConflictsCommand
{
    public static readonly CommandDefinition Definition =
        new("conflicts", "names claimed by more than one guest: the owner keeps it, the rest get no record", []);

    public static async Task ExecuteAsync(NameTable zone, bool json, ICommandOutput output, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(output);
        var rows = Rows(zone);
        if (json)
        {
            foreach (var row in rows)
                await output.WriteRecordAsync(row, ct).ConfigureAwait(false);
            return;
        }

        foreach (var line in ToLines(rows))
            await output.WriteLineAsync(line, ct).ConfigureAwait(false);
    }

    public static IReadOnlyList<ConflictRow> Rows(NameTable zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return
        [
            .. zone.Conflicts.SelectMany(r => r.Rejected.Select(loser => new ConflictRow(
                r.Fqdn,
                $"{r.Owner.Guest}@{r.Owner.HostId}",
                r.Owner.Address.ToString(),
                $"{loser.Guest}@{loser.HostId}",
                loser.Address.ToString(),
                loser.Since,
                loser.Source))),
        ];
    }

    /// <summary><c>name | owner guest@host | rejected guest@host | since UTC | source</c>, then <c>Count: N conflicts</c>.</summary>
    public static IEnumerable<string> ToLines(IReadOnlyList<ConflictRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        foreach (var r in rows)
            yield return $"{r.Name} | owner {r.Owner} | rejected {r.Rejected} | since {r.Since.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)} | {r.Source}";
        yield return $"Count: {rows.Count.ToString(CultureInfo.InvariantCulture)} {(rows.Count == 1 ? "conflict" : "conflicts")}";
    }
}

/// <summary>One rejected claim as <c>dns conflicts</c> prints it.</summary>
public sealed record ConflictRow(string Name, string Owner, string OwnerAddress, string Rejected, string RejectedAddress, DateTimeOffset Since, string Source);
