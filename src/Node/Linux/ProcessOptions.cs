namespace XenMesh.Node.Linux;

/// <summary>
/// How <see cref="ProcessRunner"/> starts a program beyond its argument vector. The default is what
/// the agent's own adapters want: this process's environment and working directory.
/// </summary>
public sealed record ProcessOptions
{
    public static ProcessOptions Default { get; } = new();

    /// <summary>Start from an empty environment instead of this process's, as libxl runs hotplug scripts.</summary>
    public bool ClearEnvironment { get; init; }

    /// <summary>Variables set on top of the inherited (or cleared) environment.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The program's working directory; null keeps this process's.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Text written to the program's stdin, which is then closed; null gives it an empty stdin.</summary>
    public string? StandardInput { get; init; }
}
