using System.Globalization;
using System.Text.RegularExpressions;

namespace XenMesh.Node.Xen;

/// <summary>An interface MTU as a vif spec or the <c>-t</c> switch gives it: a plain decimal 68..65535.</summary>
public static partial class Mtu
{
    public const int Min = 68;
    public const int Max = 65535;

    public static bool TryParse(string? text, out int mtu, out string? error)
    {
        mtu = 0;
        if (text is null || !Digits().IsMatch(text)
            || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value is < Min or > Max)
        {
            error = $"MTU {Printable.Quote(text)} is not an integer {Min}..{Max}";
            return false;
        }

        mtu = value;
        error = null;
        return true;
    }

    [GeneratedRegex(@"^[1-9][0-9]{1,4}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Digits();
}
