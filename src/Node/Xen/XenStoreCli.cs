using System.ComponentModel;
using System.Text.RegularExpressions;
using XenMesh.Node.Linux;

namespace XenMesh.Node.Xen;

/// <summary>
/// <see cref="IXenStore"/> through <c>xenstore-read</c> (Debian package <c>xenstore-utils</c>), run with
/// an argument list. Only absolute paths of plain segments are passed, so a path cannot become an option.
/// </summary>
public sealed partial class XenStoreCli(IProcessRunner runner) : IXenStore
{
    public const string Program = "xenstore-read";

    public async Task<XenStoreValue> ReadAsync(string path, CancellationToken ct)
    {
        if (path is null || !PathPattern().IsMatch(path))
            throw new ArgumentException($"xenstore path {Printable.Quote(path)} is not an absolute path of [A-Za-z0-9_.-] segments", nameof(path));

        ProcessResult result;
        try
        {
            result = await runner.RunAsync(Program, [path], ct).ConfigureAwait(false);
        }
        catch (Win32Exception e)
        {
            // ENOENT: no xenstore-utils, i.e. no Xen on this host; say so instead of the runtime's long message.
            return XenStoreValue.Missing(e.NativeErrorCode == 2 ? $"{Program} is not installed" : $"{Program} cannot be run: {e.Message}");
        }
        catch (TimeoutException e)
        {
            return XenStoreValue.Missing(e.Message);
        }

        return result.Succeeded
            ? new XenStoreValue(result.StandardOutput.TrimEnd('\n'), null)
            : XenStoreValue.Missing($"{result.CommandLine} exited with {result.ExitCode}: {Printable.Quote(result.StandardError.Trim())}");
    }

    [GeneratedRegex(@"^(/[A-Za-z0-9_-][A-Za-z0-9_.-]*)+\z", RegexOptions.CultureInvariant)]
    private static partial Regex PathPattern();
}
