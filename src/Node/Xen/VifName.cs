using System.Text.RegularExpressions;
using XenMesh.Node.Linux;

namespace XenMesh.Node.Xen;

/// <summary>
/// Names of vif interfaces. A vif is the kernel's default <c>vif&lt;domid&gt;.&lt;devid&gt;</c>, or a custom
/// name that <c>vifname=</c> renamed it to. A custom name says nothing about the vif: its domid and
/// devid come from <c>XENBUS_PATH</c> alone, and it must pass <see cref="InterfaceName"/>. A name that
/// starts like a default one (<c>vif</c> and a digit) must be exactly the default name of its own
/// backend, so one guest's port can never be passed off as another's, and lookalikes such as
/// <c>vif01.0</c> or <c>vif5.0-emu</c> are refused.
/// </summary>
public static partial class VifName
{
    public const string DefaultRule = @"^vif(0|[1-9][0-9]{0,4})\.(0|[1-9][0-9]{0,4})$";

    /// <summary>Parses a default name; the domid must be a guest's (1..32751).</summary>
    public static bool TryParseDefault(string? name, out VifId id, out string? error)
    {
        id = default;
        var match = name is null ? Match.Empty : DefaultPattern().Match(name);
        if (!match.Success)
        {
            error = $"vif name {Printable.Quote(name)} does not match {DefaultRule}";
            return false;
        }

        var domId = VifId.ParseNumber(match.Groups[1].Value);
        if (domId is < 1 or > VifId.MaxGuestDomId)
        {
            error = $"vif name {Printable.Quote(name)} names domid {domId}, which is not a guest domid (1..{VifId.MaxGuestDomId})";
            return false;
        }

        id = new VifId(domId, VifId.ParseNumber(match.Groups[2].Value));
        error = null;
        return true;
    }

    /// <summary>True for names a scan of the kernel's interfaces treats as Xen vifs.</summary>
    public static bool IsDefault(string? name) => TryParseDefault(name, out _, out _);

    /// <summary>
    /// Checks the name of the port that serves backend <paramref name="backend"/>: its default name, or
    /// a custom one. Returns null when acceptable, else the reason.
    /// </summary>
    public static string? ExplainPortName(string? name, VifId backend)
    {
        if (name is not null && DefaultLookalike().IsMatch(name))
        {
            if (!TryParseDefault(name, out var id, out var error))
                return error;
            return id == backend
                ? null
                : $"vif name {Printable.Quote(name)} is the default name of domid {id.DomId} devid {id.DevId}, but XENBUS_PATH names {backend.XenbusPath}";
        }

        return InterfaceName.IsValid(name)
            ? null
            : $"vif name {Printable.Quote(name)} is neither {DefaultRule} nor a custom name matching ^[A-Za-z0-9][A-Za-z0-9._-]{{0,14}}$";
    }

    // \z, not $: in .NET "$" also matches before a final newline, which would let "name\n" through.
    [GeneratedRegex(@"^vif(0|[1-9][0-9]{0,4})\.(0|[1-9][0-9]{0,4})\z", RegexOptions.CultureInvariant)]
    private static partial Regex DefaultPattern();

    [GeneratedRegex("^vif[0-9]", RegexOptions.CultureInvariant)]
    private static partial Regex DefaultLookalike();
}
