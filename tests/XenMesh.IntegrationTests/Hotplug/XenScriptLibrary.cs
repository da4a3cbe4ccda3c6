using XenMesh.IntegrationTests.TestHost;
using XenMesh.Node.Linux;

[assembly: AssemblyFixture(typeof(XenMesh.IntegrationTests.Hotplug.XenScriptLibrary))]

namespace XenMesh.IntegrationTests.Hotplug;

/// <summary>
/// Debian's Xen hotplug script library (<c>/etc/xen/scripts</c> of <c>xen-utils-common</c>):
/// vif-xenmesh sources the real vif-common.sh and friends, not a copy of ours. Fetched once with
/// <c>apt-get download</c> + <c>dpkg -x</c> and kept in <see cref="CacheDirectory"/>; delete that
/// folder to test against a newer package.
/// </summary>
public sealed class XenScriptLibrary : IAsyncLifetime
{
    public const string CacheDirectory = "/var/cache/xenmesh-tests/xen-utils-common";

    private const string Package = "xen-utils-common";

    public string ScriptsDirectory { get; } = Path.Combine(CacheDirectory, "etc", "xen", "scripts");

    public async ValueTask InitializeAsync()
    {
        if (File.Exists(Path.Combine(ScriptsDirectory, "vif-common.sh")))
            return;

        var ct = TestContext.Current.CancellationToken;
        var staging = Directory.CreateDirectory($"{CacheDirectory}.staging-{Guid.NewGuid():N}");
        try
        {
            var inStaging = new ProcessOptions { WorkingDirectory = staging.FullName };
            Programs.EnsureSucceeded(await Programs.RunAsync("apt-get", ["download", Package], inStaging, TimeSpan.FromMinutes(5), ct));

            var package = staging.GetFiles($"{Package}_*.deb").Single();
            var tree = Path.Combine(staging.FullName, "tree");
            await Programs.RunCheckedAsync("dpkg", ["-x", package.FullName, tree], ct);
            try
            {
                Directory.Move(tree, CacheDirectory);
            }
            catch (IOException) when (Directory.Exists(CacheDirectory))
            {
                // Another test run cached it first; both trees come from the same package.
            }
        }
        finally
        {
            staging.Delete(recursive: true);
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
