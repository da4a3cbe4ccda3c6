using XenMesh.Messages.Commands;

namespace XenMesh.Node.Commands.Client;

/// <summary>
/// <c>help</c>, <c>help &lt;palette&gt;</c> and <c>help &lt;palette&gt; &lt;command&gt;</c>, and the usage
/// shown after a usage error, all from the downloaded schema: the client has no command list of its own.
/// </summary>
internal static class SchemaHelp
{
    public static void WriteOverview(TextWriter writer, SchemaResponse schema)
    {
        writer.WriteLine($"xenmesh {schema.Version} on host {schema.Host}");
        if (schema.Palettes.Count == 0)
        {
            writer.WriteLine("This node serves no palettes.");
            return;
        }

        foreach (var palette in schema.Palettes)
        {
            writer.WriteLine();
            WritePalette(writer, palette);
        }

        writer.WriteLine();
        writer.WriteLine("Every command accepts -j (--json): one JSON object per line instead of text.");
        writer.WriteLine("`help <palette>` and `help <palette> <command>` narrow this down.");
    }

    public static void WritePalette(TextWriter writer, PaletteDefinition palette)
    {
        writer.WriteLine($"{palette.Name} - {palette.Description}");
        foreach (var command in palette.Commands)
        {
            writer.WriteLine($"  {command.Name} - {command.Description}");
            WriteSwitches(writer, command, "      ");
        }
    }

    public static void WriteCommand(TextWriter writer, PaletteDefinition palette, CommandDefinition command)
    {
        writer.WriteLine($"{palette.Name} {command.Name} - {command.Description}");
        writer.WriteLine($"usage: {Usage(palette, command)}");
        WriteSwitches(writer, command, "  ");
    }

    /// <summary>One line: mandatory switches bare, optional ones in brackets, repeatable ones with <c>...</c>.</summary>
    public static string Usage(PaletteDefinition palette, CommandDefinition command)
    {
        var parts = new List<string> { palette.Name, command.Name };
        foreach (var argument in command.Arguments)
        {
            var spelling = argument.IsFlag ? argument.Switches[0] : $"{argument.Switches[0]} <{argument.Name}>";
            var part = argument.IsMandatory ? spelling : $"[{spelling}]";
            parts.Add(argument.AllowMultiple ? part + "..." : part);
        }

        parts.Add("[-j]");
        return string.Join(' ', parts);
    }

    private static void WriteSwitches(TextWriter writer, CommandDefinition command, string indent)
    {
        var spellings = command.Arguments
            .Select(a => a.IsFlag ? string.Join(", ", a.Switches) : $"{string.Join(", ", a.Switches)} <{a.Name}>")
            .ToList();
        var width = spellings.Count == 0 ? 0 : spellings.Max(s => s.Length);
        for (var i = 0; i < command.Arguments.Count; i++)
        {
            var argument = command.Arguments[i];
            var marks = (argument.IsMandatory ? "(mandatory) " : "") + (argument.AllowMultiple ? "(repeatable) " : "");
            var values = argument.DefaultValues is { Count: > 0 } suggested ? $" [values: {string.Join(", ", suggested)}]" : "";
            writer.WriteLine($"{indent}{spellings[i].PadRight(width)}  {marks}{argument.Description}{values}");
        }
    }
}
