using System.Text.RegularExpressions;

namespace XenMesh.Node.Xen;

/// <summary>
/// <c>XENBUS_PATH</c> as libxl formats it for a vif served by dom0. Only this form is accepted: a vif of
/// a driver domain, or any other path, is not XenMesh's.
/// </summary>
public static partial class XenbusPath
{
    public const string Rule = @"^backend/vif/(0|[1-9][0-9]{0,4})/(0|[1-9][0-9]{0,4})$";

    public static bool TryParse(string? path, out VifId id, out string? error)
    {
        id = default;
        var match = path is null ? Match.Empty : Pattern().Match(path);
        if (!match.Success)
        {
            error = $"XENBUS_PATH {Printable.Quote(path)} does not match {Rule}";
            return false;
        }

        var domId = VifId.ParseNumber(match.Groups[1].Value);
        if (domId is < 1 or > VifId.MaxGuestDomId)
        {
            error = $"XENBUS_PATH {Printable.Quote(path)} names domid {domId}, which is not a guest domid (1..{VifId.MaxGuestDomId})";
            return false;
        }

        id = new VifId(domId, VifId.ParseNumber(match.Groups[2].Value));
        error = null;
        return true;
    }

    [GeneratedRegex("^backend/vif/(0|[1-9][0-9]{0,4})/(0|[1-9][0-9]{0,4})\\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
