using System.Text.RegularExpressions;

namespace XenMesh.Node.Linux;

/// <summary>
/// The interface names XenMesh will pass to <c>ip</c>: stricter than the kernel's
/// <c>dev_valid_name()</c> on purpose (no leading <c>-</c> that <c>ip</c> would read as an option,
/// no shell metacharacters), and never longer than IFNAMSIZ - 1 = 15 bytes.
/// </summary>
public static partial class InterfaceName
{
    public const int MaxLength = 15;

    /// <summary>True when <paramref name="name"/> is safe to hand to <c>ip link</c> as a device name.</summary>
    public static bool IsValid(string? name) => name is not null && Pattern().IsMatch(name);

    /// <summary>The reason a name is refused, or null when it is valid.</summary>
    public static string? Explain(string? name) => name switch
    {
        null or "" => "an interface name must not be empty",
        { Length: > MaxLength } => $"'{name}' is longer than {MaxLength} bytes",
        _ when !IsValid(name) => $"'{name}' is not an interface name: use letters, digits, '.', '_' or '-', starting with a letter or digit",
        _ => null,
    };

    // \z, not $: in .NET "$" also matches before a final "\n", which would let "vif1.0\n" through.
    [GeneratedRegex(@"\A[A-Za-z0-9][A-Za-z0-9._-]{0,14}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
