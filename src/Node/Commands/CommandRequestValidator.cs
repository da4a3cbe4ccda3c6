using System.Diagnostics.CodeAnalysis;
using XenMesh.Messages.Commands;

namespace XenMesh.Node.Commands;

/// <summary>
/// Checks a request against the schema. The host runs it on every request because a client's own
/// check is only a convenience; the client runs it too so an operator's mistake is reported before
/// anything is sent. Messages name the switch an operator types, not the internal argument name.
/// </summary>
internal static class CommandRequestValidator
{
    public static bool TryValidate(
        RunCommand request,
        IReadOnlyList<PaletteDefinition> palettes,
        int maxArguments,
        [NotNullWhen(true)] out ValidatedRequest? validated,
        [NotNullWhen(false)] out string? error)
    {
        validated = null;
        error = null;
        var palette = palettes.FirstOrDefault(p => p.Name == request.Palette);
        if (palette is null)
        {
            error = $"unknown palette '{request.Palette}'";
            return false;
        }

        var command = palette.Commands.FirstOrDefault(c => c.Name == request.Command);
        if (command is null)
        {
            error = $"unknown command '{request.Command}' in palette '{palette.Name}'";
            return false;
        }

        var prefix = $"{palette.Name} {command.Name}";
        if (request.Arguments.Count > maxArguments)
        {
            error = $"{prefix}: {request.Arguments.Count} arguments, at most {maxArguments} are accepted";
            return false;
        }

        var arguments = new Dictionary<string, List<string?>>(StringComparer.Ordinal);
        foreach (var given in request.Arguments)
        {
            var definition = command.Arguments.FirstOrDefault(a => a.Name == given.Name);
            error = definition is null ? $"{prefix}: unknown argument '{given.Name}'" : Check(prefix, definition, given, arguments);
            if (error is not null)
                return false;
            if (!arguments.TryGetValue(given.Name, out var values))
                arguments[given.Name] = values = [];
            values.Add(given.Value);
        }

        var missing = command.Arguments.FirstOrDefault(a => a.IsMandatory && !arguments.ContainsKey(a.Name));
        if (missing is not null)
        {
            error = $"{prefix}: missing mandatory {missing.Switches[0]} <{missing.Name}>";
            return false;
        }

        validated = new ValidatedRequest(
            palette,
            command,
            arguments.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string?>)kv.Value, StringComparer.Ordinal));
        return true;
    }

    private static string? Check(string prefix, ArgumentDefinition definition, ArgumentValue given, Dictionary<string, List<string?>> seen)
    {
        var spelling = definition.Switches[0];
        if (definition.IsFlag && given.Value is not null)
            return $"{prefix}: {spelling} is a flag and takes no value";
        if (!definition.IsFlag && given.Value is null)
            return $"{prefix}: {spelling} needs a value";
        if (!definition.AllowMultiple && seen.ContainsKey(definition.Name))
            return $"{prefix}: {spelling} may be given only once";
        return null;
    }
}
