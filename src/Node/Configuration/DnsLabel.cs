using System.Text.RegularExpressions;

namespace XenMesh.Node.Configuration;

/// <summary>RFC 1123 host labels and dotted domain names as the config accepts them.</summary>
public static partial class DnsLabel
{
    /// <summary>One label: letters, digits and inner hyphens, 1 to 63 characters.</summary>
    public static bool IsValid(string? label) => label is not null && Label().IsMatch(label);

    /// <summary>A domain of one or more valid labels, without a trailing dot, at most 253 characters.</summary>
    public static bool IsValidDomain(string? domain) =>
        domain is { Length: > 0 and <= 253 } && domain.Split('.').All(IsValid);

    [GeneratedRegex(@"\A[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\z", RegexOptions.CultureInvariant)]
    private static partial Regex Label();
}
