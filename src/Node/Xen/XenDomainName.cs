using XenMesh.Node.Configuration;

namespace XenMesh.Node.Xen;

/// <summary>
/// What a Xen domain name (<c>/local/domain/&lt;domid&gt;/name</c>) contributes as the guest's DNS
/// label. During <c>xl migrate</c> the receiving domain is called <c>&lt;name&gt;--incoming</c> (the
/// same guest arriving: the suffix is stripped) and the sending one <c>&lt;name&gt;--migratedaway</c>
/// (leaving: registers no name). A name that is not an RFC 1123 label gives no name; the vif still
/// attaches, so this never refuses a vif.
/// </summary>
/// <param name="Label">The label to register, or null.</param>
/// <param name="MigratedAway">The domain is the source of a finished migration.</param>
/// <param name="Problem">Why a given name was not used, for the log; null when it was used or none was given.</param>
public sealed record XenDomainName(string? Label, bool MigratedAway, string? Problem)
{
    public const string IncomingSuffix = "--incoming";
    public const string MigratedAwaySuffix = "--migratedaway";
    public const string LabelRule = "^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$";

    public static readonly XenDomainName None = new(null, false, null);

    public static XenDomainName Interpret(string? raw)
    {
        if (string.IsNullOrEmpty(raw))
            return None;
        if (raw.EndsWith(MigratedAwaySuffix, StringComparison.Ordinal))
            return new XenDomainName(null, true, null);

        var name = raw.EndsWith(IncomingSuffix, StringComparison.Ordinal) ? raw[..^IncomingSuffix.Length] : raw;
        return DnsLabel.IsValid(name)
            ? new XenDomainName(name, false, null)
            : new XenDomainName(null, false, $"domain name {Printable.Quote(raw)} gives no DNS name: {Printable.Quote(name)} does not match {LabelRule}");
    }
}
