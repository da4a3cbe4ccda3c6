using XenMesh.Cluster.Names;
using XenMesh.Messages.Commands;
using XenMesh.Node.Commands;

namespace XenMesh.Node.Mesh;

/// <summary>
/// A <c>dns</c> palette holding only <c>conflicts</c>, until the DNS side's <c>dns</c> palette takes over
/// <see cref="DnsConflictsCommand"/> (two palettes of one name are refused at start, so this registration goes then).
/// </summary>
public sealed class DnsConflictsPalette(ZoneView zone) : ICommandPalette
{
    public PaletteDefinition Definition { get; } = new("dns", "The .xen zone of the mesh", [DnsConflictsCommand.Definition]);

    public Task ExecuteAsync(CommandInvocation invocation, ICommandOutput output, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        return invocation.Command == DnsConflictsCommand.Definition.Name
            ? DnsConflictsCommand.ExecuteAsync(zone.Current, invocation.Json, output, ct)
            : throw new CommandFailedException($"dns has no command '{invocation.Command}'");
    }
}
