using System.Diagnostics.CodeAnalysis;
using XenMesh.Messages.Commands;

namespace XenMesh.Node.Commands.Client;

/// <summary>
/// <c>&lt;palette&gt; &lt;command&gt; {-switch value | -flag}* [-j|--json]</c> against the downloaded
/// schema, so a mistake is reported before anything is sent.
/// </summary>
internal static class CommandLineParser
{
    public static bool TryParse(
        IReadOnlyList<string> tokens,
        IReadOnlyList<PaletteDefinition> palettes,
        [NotNullWhen(true)] out RunCommand? request,
        [NotNullWhen(false)] out UsageError? error)
    {
        request = null;
        var (parsed, parseError) = Parse(tokens, palettes);
        if (parsed is null)
        {
            error = parseError!;
            return false;
        }

        if (!CommandRequestValidator.TryValidate(parsed.Request, palettes, int.MaxValue, out _, out var message))
        {
            error = new UsageError(message, parsed.Palette, parsed.Command);
            return false;
        }

        request = parsed.Request;
        error = null;
        return true;
    }

    private static (Parsed? Parsed, UsageError? Error) Parse(IReadOnlyList<string> tokens, IReadOnlyList<PaletteDefinition> palettes)
    {
        if (tokens.Count == 0)
            return (null, new UsageError("no command given"));
        var palette = palettes.FirstOrDefault(p => p.Name == tokens[0]);
        if (palette is null)
            return (null, new UsageError($"unknown palette '{tokens[0]}'"));
        if (tokens.Count == 1)
            return (null, new UsageError($"palette '{palette.Name}' needs a command", palette));
        var command = palette.Commands.FirstOrDefault(c => c.Name == tokens[1]);
        if (command is null)
            return (null, new UsageError($"unknown command '{tokens[1]}' in palette '{palette.Name}'", palette));

        var prefix = $"{palette.Name} {command.Name}";
        var json = false;
        var arguments = new List<ArgumentValue>();
        string? lastFlag = null;
        for (var i = 2; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (IsJsonSwitch(token))
            {
                json = true;
                continue;
            }

            var definition = command.Arguments.FirstOrDefault(a => a.Switches.Contains(token));
            if (definition is null)
            {
                var message = token.StartsWith('-')
                    ? $"{prefix}: unknown switch {token}"
                    : lastFlag is not null
                        ? $"{prefix}: unexpected '{token}': {lastFlag} is a flag and takes no value"
                        : $"{prefix}: unexpected '{token}': a value follows its switch";
                return (null, new UsageError(message, palette, command));
            }

            if (definition.IsFlag)
            {
                arguments.Add(new ArgumentValue(definition.Name, null));
                lastFlag = token;
                continue;
            }

            if (i + 1 >= tokens.Count || IsSwitchOf(command, tokens[i + 1]))
                return (null, new UsageError($"{prefix}: {token} needs a value", palette, command));
            arguments.Add(new ArgumentValue(definition.Name, tokens[++i]));
            lastFlag = null;
        }

        return (new Parsed(palette, command, new RunCommand(palette.Name, command.Name, arguments, json)), null);
    }

    private static bool IsJsonSwitch(string token) => token is "-j" or "--json";

    /// <summary>A switch where a value was expected means the value was forgotten, not that it is "-v".</summary>
    private static bool IsSwitchOf(CommandDefinition command, string token) =>
        IsJsonSwitch(token) || command.Arguments.Any(a => a.Switches.Contains(token));

    private sealed record Parsed(PaletteDefinition Palette, CommandDefinition Command, RunCommand Request);
}
