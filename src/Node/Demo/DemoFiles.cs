namespace XenMesh.Node.Demo;

/// <summary>
/// Where the demo finds what it runs: this executable, the hotplug script and the xenstore
/// stand-ins shipped next to it (copied from deploy/ at build time), and Xen's own script library
/// (extracted from Debian's xen-utils-common by deploy/install-deps.sh).
/// </summary>
public sealed class DemoFiles(string xenScripts)
{
    public const string DefaultXenScripts = "/var/cache/xenmesh/xen-utils-common/etc/xen/scripts";

    public string XenScripts { get; } = xenScripts;

    public static string Shipped(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "deploy", .. parts]);

    public static string HotplugScript => Shipped("xen", "vif-xenmesh");

    public static string XenStoreStubs => Shipped("demo", "xenstore");

    /// <summary>The guests' dhclient script: it configures the lease inside the guest's namespace and nothing else.</summary>
    public static string DhclientScript => Shipped("demo", "dhclient-script");

    /// <summary>
    /// The argv prefix that runs this same xenmesh: the apphost built beside the assembly (one path,
    /// as the hotplug script's XENMESH_CLI must be), else <c>dotnet xenmesh.dll</c>.
    /// </summary>
    public static IReadOnlyList<string> SelfCommand
    {
        get
        {
            var apphost = Path.Combine(AppContext.BaseDirectory, "xenmesh");
            return File.Exists(apphost)
                ? [apphost]
                : [Environment.ProcessPath ?? "dotnet", Path.Combine(AppContext.BaseDirectory, "xenmesh.dll")];
        }
    }

    public static string SelfCommandLine => string.Join(' ', SelfCommand);

    public void Check()
    {
        foreach (var file in new[] { HotplugScript, DhclientScript, Path.Combine(XenStoreStubs, "xenstore-read"), Path.Combine(XenScripts, "vif-common.sh") })
        {
            if (!File.Exists(file))
                throw new DemoException($"{file} is missing (run deploy/install-deps.sh for Xen's script library)");
        }
    }
}
