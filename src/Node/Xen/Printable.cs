using System.Globalization;
using System.Text;

namespace XenMesh.Node.Xen;

/// <summary>
/// Renders an untrusted value for an error message or log line: quoted, control and non-ASCII
/// characters escaped, long values cut, so a hostile value cannot forge output lines or flood a log.
/// </summary>
public static class Printable
{
    private const int MaxShown = 64;

    public static string Quote(string? value)
    {
        if (value is null)
            return "(none)";
        var text = new StringBuilder("'");
        foreach (var c in value.Length > MaxShown ? value[..MaxShown] : value)
        {
            if (c is >= ' ' and <= '~' && c != '\\' && c != '\'')
                text.Append(c);
            else
                text.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
        }

        text.Append('\'');
        if (value.Length > MaxShown)
            text.Append(CultureInfo.InvariantCulture, $"... ({value.Length} characters)");
        return text.ToString();
    }
}
