using XenMesh.Messages.Commands;

namespace XenMesh.Node.Commands.Server;

/// <summary>Every registered palette by name, and the schema the host sends on connect.</summary>
internal sealed class PaletteCatalog
{
    private readonly Dictionary<string, ICommandPalette> _byName;

    /// <exception cref="InvalidOperationException">A palette breaks <see cref="PaletteDefinitionRules"/>.</exception>
    public PaletteCatalog(IEnumerable<ICommandPalette> palettes, string hostId, string version)
    {
        var list = palettes.ToList();
        var errors = PaletteDefinitionRules.Check(list.Select(p => p.Definition));
        if (errors.Count > 0)
            throw new InvalidOperationException($"invalid command palettes: {string.Join("; ", errors)}");

        _byName = list.ToDictionary(p => p.Definition.Name, StringComparer.Ordinal);
        Definitions = [.. list.Select(p => p.Definition).OrderBy(d => d.Name, StringComparer.Ordinal)];
        Schema = new SchemaResponse(hostId, version, Definitions);
    }

    public IReadOnlyList<PaletteDefinition> Definitions { get; }

    public SchemaResponse Schema { get; }

    public ICommandPalette this[string name] => _byName[name];
}
