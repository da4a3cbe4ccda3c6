using System.Text.RegularExpressions;
using XenMesh.Messages.Commands;

namespace XenMesh.Node.Commands.Server;

/// <summary>
/// What a palette must look like to be served: pbm's naming (lower-case words joined by <c>-</c>,
/// single-dash switches), no duplicates, and nothing the client keeps for itself (<c>help</c>,
/// <c>exit</c>, <c>-j</c>). Checked once at start so a broken palette stops the agent instead of
/// confusing an operator later.
/// </summary>
internal static partial class PaletteDefinitionRules
{
    /// <summary>Words the interactive client reads itself; a palette of that name would be unreachable.</summary>
    public static readonly IReadOnlySet<string> ReservedPaletteNames = new HashSet<string>(StringComparer.Ordinal) { "help", "exit", "quit" };

    /// <summary>Switches the client reads itself (JSON output).</summary>
    public static readonly IReadOnlySet<string> ReservedSwitches = new HashSet<string>(StringComparer.Ordinal) { "-j", "--json" };

    public static IReadOnlyList<string> Check(IEnumerable<PaletteDefinition> palettes)
    {
        var errors = new List<string>();
        var paletteNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var palette in palettes)
        {
            if (!NamePattern().IsMatch(palette.Name))
                errors.Add($"palette '{palette.Name}': name must be lower-case words joined by '-'");
            else if (ReservedPaletteNames.Contains(palette.Name))
                errors.Add($"palette '{palette.Name}': the name is reserved by the client");
            if (!paletteNames.Add(palette.Name))
                errors.Add($"palette '{palette.Name}' is registered more than once");

            var commandNames = new HashSet<string>(StringComparer.Ordinal);
            foreach (var command in palette.Commands)
            {
                var where = $"{palette.Name} {command.Name}";
                if (!NamePattern().IsMatch(command.Name))
                    errors.Add($"{where}: command name must be lower-case words joined by '-'");
                if (!commandNames.Add(command.Name))
                    errors.Add($"{where}: command defined more than once");
                CheckArguments(where, command.Arguments, errors);
            }
        }

        return errors;
    }

    private static void CheckArguments(string where, IReadOnlyList<ArgumentDefinition> arguments, List<string> errors)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var switches = new HashSet<string>(StringComparer.Ordinal);
        foreach (var argument in arguments)
        {
            if (!NamePattern().IsMatch(argument.Name))
                errors.Add($"{where}: argument name '{argument.Name}' must be lower-case words joined by '-'");
            if (!names.Add(argument.Name))
                errors.Add($"{where}: argument '{argument.Name}' defined more than once");
            if (argument.Switches.Count == 0)
                errors.Add($"{where}: argument '{argument.Name}' has no switch");
            if (argument.IsFlag && argument.IsMandatory)
                errors.Add($"{where}: flag '{argument.Name}' cannot be mandatory");
            foreach (var spelling in argument.Switches)
            {
                if (!SwitchPattern().IsMatch(spelling))
                    errors.Add($"{where}: switch '{spelling}' must be a single dash and letters or digits");
                else if (ReservedSwitches.Contains(spelling))
                    errors.Add($"{where}: switch '{spelling}' is reserved by the client");
                if (!switches.Add(spelling))
                    errors.Add($"{where}: switch '{spelling}' used by more than one argument");
            }
        }
    }

    [GeneratedRegex(@"\A[a-z][a-z0-9]*(-[a-z0-9]+)*\z", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"\A-[A-Za-z0-9][A-Za-z0-9-]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex SwitchPattern();
}
