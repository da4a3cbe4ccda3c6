using System.Globalization;
using Akka.Actor;
using Akka.Cluster;
using XenMesh.Messages.Commands;
using XenMesh.Node.Commands;

namespace XenMesh.Node.Mesh;

/// <summary>
/// The <c>cluster</c> palette as pbm's Petabridge.Cmd.Cluster prints it: <c>show</c>, <c>leave</c>, <c>down</c>,
/// against the real <see cref="Akka.Cluster.Cluster"/> of this node's current incarnation of the mesh.
/// </summary>
public sealed class ClusterPalette(MeshSystem mesh) : ICommandPalette
{
    private static readonly ArgumentDefinition AddressArgument = new("address", "a member's address, akka.tcp://xenmesh@host:port", ["-a"]);

    public PaletteDefinition Definition { get; } = new("cluster", "Membership of the XenMesh cluster",
    [
        new CommandDefinition("show", "every member: address | roles | status | reachability", []),
        new CommandDefinition("leave", "leave the cluster gracefully (this node unless -a names another member)", [AddressArgument], Mutating: true),
        new CommandDefinition("down", "mark a member down (it is removed; its names and routes are withdrawn)", [AddressArgument with { IsMandatory = true }], Mutating: true),
    ]);

    public async Task ExecuteAsync(CommandInvocation invocation, ICommandOutput output, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        ArgumentNullException.ThrowIfNull(output);
        var system = mesh.Current ?? throw new CommandFailedException("the mesh is restarting after this member was downed; try again in a few seconds");
        var cluster = Akka.Cluster.Cluster.Get(system);
        switch (invocation.Command)
        {
            case "show":
                await ShowAsync(cluster, invocation.Json, output, ct).ConfigureAwait(false);
                break;
            case "leave":
                var leaving = invocation.Get("address") is { } text ? MemberAddress(cluster, text) : cluster.SelfAddress;
                cluster.Leave(leaving);
                await output.WriteLineAsync($"{leaving} is leaving the cluster", ct).ConfigureAwait(false);
                break;
            case "down":
                var downed = MemberAddress(cluster, invocation.Get("address")!);
                cluster.Down(downed);
                await output.WriteLineAsync($"{downed} is marked down", ct).ConfigureAwait(false);
                break;
            default:
                throw new CommandFailedException($"cluster has no command '{invocation.Command}'");
        }
    }

    /// <summary>pbm's lines: <c>address | [roles] | status | reachability</c>, then <c>Count: N nodes</c>.</summary>
    public static IEnumerable<string> ToLines(IEnumerable<MemberRow> members)
    {
        var rows = members.ToList();
        foreach (var m in rows)
            yield return $"{m.Address} | [{string.Join(", ", m.Roles)}] | {m.Status} | {m.Reachability}";
        yield return $"Count: {rows.Count.ToString(CultureInfo.InvariantCulture)} {(rows.Count == 1 ? "node" : "nodes")}";
    }

    /// <summary>The members as rows, ordered by address.</summary>
    public static IReadOnlyList<MemberRow> Rows(ClusterEvent.CurrentClusterState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var unreachable = state.Unreachable.Select(m => m.UniqueAddress).ToHashSet();
        return
        [
            .. state.Members
                .OrderBy(m => m.Address, Member.AddressOrdering)
                .Select(m => new MemberRow(
                    m.Address.ToString(),
                    [.. m.Roles.Order(StringComparer.Ordinal)],
                    m.Status.ToString().ToLowerInvariant(),
                    unreachable.Contains(m.UniqueAddress) ? "unreachable" : "reachable")),
        ];
    }

    private static async Task ShowAsync(Akka.Cluster.Cluster cluster, bool json, ICommandOutput output, CancellationToken ct)
    {
        var rows = Rows(cluster.State);
        if (json)
        {
            foreach (var row in rows)
                await output.WriteRecordAsync(row, ct).ConfigureAwait(false);
            return;
        }

        foreach (var line in ToLines(rows))
            await output.WriteLineAsync(line, ct).ConfigureAwait(false);
    }

    private static Address MemberAddress(Akka.Cluster.Cluster cluster, string text)
    {
        if (!Address.TryParse(text, out var address))
            throw new CommandFailedException($"-a '{text}' is not an address such as akka.tcp://xenmesh@192.168.11.100:4053");
        return cluster.State.Members.Any(m => m.Address == address)
            ? address
            : throw new CommandFailedException($"{address} is not a member of this cluster (see cluster show)");
    }
}

/// <summary>One member as <c>cluster show</c> prints it.</summary>
public sealed record MemberRow(string Address, IReadOnlyList<string> Roles, string Status, string Reachability);
