using System.Globalization;
using XenMesh.Cluster.Hosts;
using XenMesh.Cluster.Names;
using XenMesh.Messages.Commands;
using XenMesh.Node.Commands;

namespace XenMesh.Node.Mesh;

/// <summary>The <c>host</c> palette: the dom0s of the mesh from this node's host and zone replicas.</summary>
public sealed class HostPalette(HostView hosts, ZoneView zone) : ICommandPalette
{
    public PaletteDefinition Definition { get; } = new("host", "The dom0s of the mesh",
    [
        new CommandDefinition("list", "every live dom0: host | LAN address | subnet | leases | names", []),
    ]);

    public async Task ExecuteAsync(CommandInvocation invocation, ICommandOutput output, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        ArgumentNullException.ThrowIfNull(output);
        if (invocation.Command != "list")
            throw new CommandFailedException($"host has no command '{invocation.Command}'");

        var rows = Rows(hosts.Current, zone.Current);
        if (invocation.Json)
        {
            foreach (var row in rows)
                await output.WriteRecordAsync(row, ct).ConfigureAwait(false);
            return;
        }

        foreach (var line in ToLines(rows))
            await output.WriteLineAsync(line, ct).ConfigureAwait(false);
    }

    public static IReadOnlyList<HostRow> Rows(HostSnapshot hosts, NameTable zone)
    {
        ArgumentNullException.ThrowIfNull(hosts);
        ArgumentNullException.ThrowIfNull(zone);
        return
        [
            .. hosts.Hosts.Select(h => new HostRow(
                h.HostId,
                h.LanAddress,
                h.Subnet,
                h.Leases,
                zone.CountOwnedBy(h.HostId),
                SubnetRules.RefusalFor(h.HostId, hosts.Overlaps)?.ToString())),
        ];
    }

    /// <summary><c>host | lan | subnet | leases n | names m</c> (and the refusal, if any), then <c>Count: N hosts</c>.</summary>
    public static IEnumerable<string> ToLines(IReadOnlyList<HostRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        foreach (var r in rows)
        {
            var line = $"{r.Host} | {r.LanAddress ?? "-"} | {r.Subnet} | leases {r.Leases.ToString(CultureInfo.InvariantCulture)} | names {r.Names.ToString(CultureInfo.InvariantCulture)}";
            yield return r.Refused is { } refused ? $"{line} | refused: {refused}" : line;
        }

        yield return $"Count: {rows.Count.ToString(CultureInfo.InvariantCulture)} {(rows.Count == 1 ? "host" : "hosts")}";
    }
}

/// <summary>One dom0 as <c>host list</c> prints it; <paramref name="Refused"/> says why it refuses its subnet.</summary>
public sealed record HostRow(string Host, string? LanAddress, string Subnet, int Leases, int Names, string? Refused);
