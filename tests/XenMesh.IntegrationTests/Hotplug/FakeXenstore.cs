using System.Text.RegularExpressions;
using XenMesh.Node.Demo;

namespace XenMesh.IntegrationTests.Hotplug;

/// <summary>
/// The test's side of the store that the demo's xenstore stand-ins (deploy/demo/xenstore, shipped
/// next to the tests with the xenmesh binary) serve to hotplug scripts and agents: one directory
/// per node under <see cref="Root"/>, its value in the file <c>.value</c> (xenstore node names
/// cannot contain a dot). Paths are resolved as the real tools do in dom0: a relative path is
/// relative to <c>/local/domain/0</c>.
/// </summary>
internal sealed partial class FakeXenstore(string root)
{
    /// <summary>Names the file the stand-ins append each call to, one shell-quoted line a call.</summary>
    public const string CallLogVariable = "XENSTORE_CALL_LOG";

    private const string ValueFile = ".value";

    public string Root { get; } = root;

    /// <summary>The folder of the stand-in tools, to put on a PATH.</summary>
    public static string ToolsFolder => DemoFiles.XenStoreStubs;

    /// <summary>What a process running the stand-ins needs in its environment to see this store.</summary>
    public IReadOnlyDictionary<string, string> ToolsEnvironment => new Dictionary<string, string>(StringComparer.Ordinal) { ["XENSTORE_ROOT"] = Root };

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

    /// <summary>Removes a node and its children, as <c>xenstore-rm</c> and libxl's domain destruction do.</summary>
    public void Remove(string path)
    {
        var node = Root + Absolute(path);
        if (Directory.Exists(node))
            Directory.Delete(node, recursive: true);
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

    [GeneratedRegex(@"\A(/[A-Za-z0-9_@-]+)+\z", RegexOptions.CultureInvariant)]
    private static partial Regex NodePath();
}
