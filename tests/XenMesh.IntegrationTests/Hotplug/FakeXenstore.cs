using System.Text.RegularExpressions;

namespace XenMesh.IntegrationTests.Hotplug;

/// <summary>
/// The test's side of the xenstore that the <c>xenstore-fake</c> tools serve to the hotplug
/// scripts: one directory per node under <see cref="Root"/>, its value in the file <c>.value</c>
/// (xenstore node names cannot contain a dot). Paths are resolved as the real tools do in dom0:
/// a relative path is relative to <c>/local/domain/0</c>.
/// </summary>
internal sealed partial class FakeXenstore(string root)
{
    private const string ValueFile = ".value";

    public string Root { get; } = root;

    /// <summary>Writes a node, creating its parents with empty values like xenstored does.</summary>
    public void Write(string path, string value)
    {
        var node = Root;
        foreach (var part in Absolute(path).Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            node = Path.Combine(node, part);
            Directory.CreateDirectory(node);
            var parentValue = Path.Combine(node, ValueFile);
            if (!File.Exists(parentValue))
                File.WriteAllText(parentValue, string.Empty);
        }

        File.WriteAllText(Path.Combine(node, ValueFile), value);
    }

    /// <summary>The node's value, or null when the node does not exist.</summary>
    public string? Read(string path)
    {
        var file = Path.Combine(Root + Absolute(path), ValueFile);
        return File.Exists(file) ? File.ReadAllText(file) : null;
    }

    private static string Absolute(string path)
    {
        var absolute = path.StartsWith('/') ? path : "/local/domain/0/" + path;
        return NodePath().IsMatch(absolute) ? absolute : throw new ArgumentException($"'{path}' is not a xenstore path", nameof(path));
    }

    [GeneratedRegex("^(/[A-Za-z0-9_@-]+)+$", RegexOptions.CultureInvariant)]
    private static partial Regex NodePath();
}
