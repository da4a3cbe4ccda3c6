using System.Text.RegularExpressions;

namespace XenMesh.Node.Xen;

/// <summary>A domain UUID as <c>xl</c> prints it and as <c>/local/domain/&lt;domid&gt;/vm</c> names it.</summary>
public static partial class XenUuid
{
    public const string Rule = "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$";

    public static bool TryParse(string? text, out Guid uuid, out string? error)
    {
        uuid = Guid.Empty;
        if (text is null || !Pattern().IsMatch(text) || !Guid.TryParseExact(text, "D", out uuid))
        {
            error = $"domain UUID {Printable.Quote(text)} does not match {Rule}";
            return false;
        }

        error = null;
        return true;
    }

    /// <summary>Parses the <c>vm</c> key of a domain, <c>/vm/&lt;uuid&gt;</c>.</summary>
    public static bool TryParseVmPath(string? text, out Guid uuid, out string? error)
    {
        const string prefix = "/vm/";
        if (text is not null && text.StartsWith(prefix, StringComparison.Ordinal) && TryParse(text[prefix.Length..], out uuid, out _))
        {
            error = null;
            return true;
        }

        uuid = Guid.Empty;
        error = $"domain vm path {Printable.Quote(text)} is not /vm/<uuid>";
        return false;
    }

    [GeneratedRegex("^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
