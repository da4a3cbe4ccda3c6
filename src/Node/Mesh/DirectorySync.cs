using System.ComponentModel;
using System.Runtime.InteropServices;

namespace XenMesh.Node.Mesh;

/// <summary>fsync(2) of a directory, which .NET has no API for: makes a rename into it survive a power loss.</summary>
internal static partial class DirectorySync
{
    private const int ReadOnly = 0;

    public static void Flush(string directory)
    {
        var fd = Open(directory, ReadOnly);
        if (fd < 0)
            throw new Win32Exception(Marshal.GetLastPInvokeError(), $"open {directory}");
        try
        {
            if (Fsync(fd) != 0)
                throw new Win32Exception(Marshal.GetLastPInvokeError(), $"fsync {directory}");
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
