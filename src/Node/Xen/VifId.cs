using System.Globalization;

namespace XenMesh.Node.Xen;

/// <summary>
/// A vif by its backend coordinates (<c>backend/vif/&lt;domid&gt;/&lt;devid&gt;</c>): stable for the vif's
/// life, unlike its interface name, which a <c>vifname=</c> setting can change.
/// </summary>
public readonly record struct VifId(int DomId, int DevId)
{
    /// <summary>The highest guest domid: <c>DOMID_FIRST_RESERVED</c> (0x7FF0) - 1.</summary>
    public const int MaxGuestDomId = 32751;

    /// <summary>The name the kernel gives the backend interface: <c>vif&lt;domid&gt;.&lt;devid&gt;</c>.</summary>
    public string DefaultName => string.Create(CultureInfo.InvariantCulture, $"vif{DomId}.{DevId}");

    /// <summary>The backend directory relative to dom0's home, as libxl passes it in <c>XENBUS_PATH</c>.</summary>
    public string XenbusPath => string.Create(CultureInfo.InvariantCulture, $"backend/vif/{DomId}/{DevId}");

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{DomId}/{DevId}");

    /// <summary>Parses one numeric group of a validated name or path; the patterns already bound its length.</summary>
    internal static int ParseNumber(string digits) => int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
}
