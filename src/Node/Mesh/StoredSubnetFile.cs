using System.Text.Json;

namespace XenMesh.Node.Mesh;

/// <summary>
/// <c>&lt;stateDirectory&gt;/subnet.json</c>: the assigned /24, written durably (temporary file, fsync, rename,
/// fsync of the directory) before the host uses it, so a host that crashes right after never comes back
/// without it while the mesh remembers it as taken.
/// </summary>
internal static class StoredSubnetFile
{
    public const string FileName = "subnet.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static string PathIn(string stateDirectory) => Path.Combine(stateDirectory, FileName);

    /// <summary>The stored assignment, or null when there is none; a file that does not parse is an <see cref="InvalidDataException"/>.</summary>
    public static StoredSubnet? Read(string stateDirectory)
    {
        var path = PathIn(stateDirectory);
        if (!File.Exists(path))
            return null;
        try
        {
            return JsonSerializer.Deserialize<StoredSubnet>(File.ReadAllText(path), Json)
                ?? throw new InvalidDataException($"'{path}' holds no assignment");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}' is not a stored assignment: {e.Message}", e);
        }
    }

    public static void Write(string stateDirectory, StoredSubnet stored)
    {
        Directory.CreateDirectory(stateDirectory);
        var path = PathIn(stateDirectory);
        var temporary = path + ".tmp";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(file, stored, Json);
            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
        DirectorySync.Flush(stateDirectory);
    }
}
