using XenMesh.Messages.Commands;

namespace XenMesh.Node.Commands;

/// <summary>A <see cref="RunCommand"/> that matches its command's definition, arguments grouped by name.</summary>
internal sealed record ValidatedRequest(
    PaletteDefinition Palette,
    CommandDefinition Command,
    IReadOnlyDictionary<string, IReadOnlyList<string?>> Arguments);
