using System.Net;

namespace XenMesh.Node.Commands;

/// <summary>A validated request: every argument name is one the command declares, mandatory ones are present.</summary>
public sealed record CommandInvocation(
    string Palette,
    string Command,
    IReadOnlyDictionary<string, IReadOnlyList<string?>> Arguments,
    bool Json,
    EndPoint Caller)
{
    /// <summary>The single value of an argument, or null when it was not given.</summary>
    public string? Get(string name) => Arguments.TryGetValue(name, out var values) ? values[^1] : null;

    /// <summary>True when a flag or argument was given.</summary>
    public bool Has(string name) => Arguments.ContainsKey(name);

    /// <summary>Every value of a repeatable argument.</summary>
    public IReadOnlyList<string?> GetAll(string name) => Arguments.TryGetValue(name, out var values) ? values : [];
}
