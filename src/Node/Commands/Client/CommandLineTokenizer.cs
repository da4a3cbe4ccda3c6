using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace XenMesh.Node.Commands.Client;

/// <summary>
/// Splits an interactive line into words the way a shell would for the cases operators type:
/// whitespace separates, <c>"..."</c> keeps spaces (with <c>\"</c> and <c>\\</c> escapes),
/// <c>'...'</c> keeps everything literally.
/// </summary>
internal static class CommandLineTokenizer
{
    public static bool TryTokenize(string line, out IReadOnlyList<string> tokens, [NotNullWhen(false)] out string? error)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        var inWord = false;
        char? quote = null;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote == '"')
            {
                if (c == '"')
                    quote = null;
                else if (c == '\\' && i + 1 < line.Length && line[i + 1] is '"' or '\\')
                    current.Append(line[++i]);
                else
                    current.Append(c);
            }
            else if (quote == '\'')
            {
                if (c == '\'')
                    quote = null;
                else
                    current.Append(c);
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord)
                    words.Add(current.ToString());
                current.Clear();
                inWord = false;
            }
            else
            {
                if (c is '"' or '\'')
                    quote = c;
                else
                    current.Append(c);
                inWord = true;
            }
        }

        tokens = words;
        if (quote is { } open)
        {
            error = $"unterminated {open} quote";
            return false;
        }

        if (inWord)
            words.Add(current.ToString());
        error = null;
        return true;
    }
}
