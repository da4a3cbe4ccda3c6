using System.Globalization;
using XenMesh.IntegrationTests.TestHost;
using XenMesh.Node.Linux;

namespace XenMesh.IntegrationTests.Hotplug;

/// <summary>
/// A dom0 for Xen hotplug scripts without Xen. Namespace <c>&lt;prefix&gt;-dom0</c> holds the bridge
/// <see cref="Bridge"/> and the dom0 ends of the guest vifs (veth pairs whose other ends sit in
/// <c>&lt;prefix&gt;-guest</c>); a <see cref="FakeXenstore"/>, served to the script by the demo's
/// xenstore stand-ins, replaces xenstored; the real Debian script library
/// (<see cref="XenScriptLibrary"/>) sits next to a copy of deploy/xen/vif-xenmesh.
/// <see cref="RunScriptAsync(string, string, string, string, IReadOnlyDictionary{string, string}?, CancellationToken)"/>
/// runs the script inside the dom0 namespace the way libxl does, with its xen-hotplug.log in this
/// sandbox and the programs it runs recorded. The agent is reached at <see cref="AgentEndpoint"/>;
/// nothing listens there unless a test starts an agent inside <see cref="Dom0"/>.
/// </summary>
internal sealed class HotplugSandbox : IAsyncDisposable
{
    public const string Bridge = Dom0Network.Bridge;

    private const string SystemPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /// <summary>libxl's LIBXL_HOTPLUG_TIMEOUT: it kills a hotplug script after 40 s.</summary>
    private static readonly TimeSpan HotplugTimeout = TimeSpan.FromSeconds(40);

    /// <summary>Programs a script could run before the Xen library puts the system folders first on PATH.</summary>
    private static readonly string[] TracedPrograms = ["ip", "bridge", "dirname", "expr", "logger", "timeout"];

    /// <summary>Environment the script inherits from the test process, so that the xenmesh client finds its runtime.</summary>
    private static readonly string[] InheritedVariables = ["HOME", "DOTNET_ROOT"];

    private static readonly UnixFileMode Executable =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
        UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private Dom0Network? network;

    private HotplugSandbox(string prefix, string folder)
    {
        Prefix = prefix;
        Folder = folder;
        Xenstore = new FakeXenstore(Path.Combine(folder, "xenstore"));
    }

    public string Prefix { get; }

    /// <summary>Where the sandbox keeps its files (scripts/, bin/, xenstore/, var-log/, calls.log).</summary>
    public string Folder { get; }

    public FakeXenstore Xenstore { get; }

    public NetworkNamespace Dom0 => Network.Dom0;

    public string ScriptPath => Path.Combine(Folder, "scripts", "vif-xenmesh");

    /// <summary>The xen-hotplug.log the Xen library appends to (its /var/log/xen, mounted from here).</summary>
    public string LogPath => Path.Combine(VarLogFolder, "xen", "xen-hotplug.log");

    /// <summary>XENMESH_ENDPOINT for the script; inside the dom0 namespace, so loopback is the sandbox's own.</summary>
    public string AgentEndpoint { get; set; } = "127.0.0.1:9110";

    /// <summary>XENMESH_CLI: the xenmesh client built with the tests, or a name that is not found.</summary>
    public string XenmeshCli { get; set; } = File.Exists(Path.Combine(AppContext.BaseDirectory, "xenmesh"))
        ? Path.Combine(AppContext.BaseDirectory, "xenmesh")
        : "xenmesh";

    /// <summary>The PATH the script runs with: the call recorders first, then the xenstore stand-ins.</summary>
    private string FakeToolsPath => $"{BinFolder}:{FakeXenstore.ToolsFolder}:{SystemPath}";

    private Dom0Network Network => network ?? throw new InvalidOperationException("the sandbox is not set up");

    private string BinFolder => Path.Combine(Folder, "bin");

    private string VarLogFolder => Path.Combine(Folder, "var-log");

    private string CallsPath => Path.Combine(Folder, "calls.log");

    public static async Task<HotplugSandbox> CreateAsync(XenScriptLibrary library, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(library);
        EnsureNoRealXenstoreTools();
        var prefix = TestPrefix.New();
        var folder = Path.Combine(AppContext.BaseDirectory, "hotplug-sandboxes", prefix);
        if (Directory.Exists(folder))
            Directory.Delete(folder, recursive: true);

        var sandbox = new HotplugSandbox(prefix, folder);
        try
        {
            sandbox.InstallFiles(library);
            sandbox.network = await Dom0Network.CreateAsync(prefix, ct);
            return sandbox;
        }
        catch
        {
            await sandbox.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// What netback and libxl leave behind before they run the script for a new vif: the vif
    /// interface (down, on no bridge) and the xenstore nodes of libxl_nic.c and libxl_create.c.
    /// </summary>
    public async Task<GuestVif> AddGuestVifAsync(int domainId, int deviceId, string mac, string domainName, Guid uuid, CancellationToken ct)
    {
        var vif = new GuestVif(domainId, deviceId);
        await Network.AddVifAsync(vif.Name, Invariant($"eth{deviceId}"), ct);

        var backend = vif.BackendPath;
        Xenstore.Write($"{backend}/frontend", vif.FrontendPath);
        Xenstore.Write($"{backend}/frontend-id", Invariant($"{domainId}"));
        Xenstore.Write($"{backend}/online", "1");
        Xenstore.Write($"{backend}/state", "2");
        Xenstore.Write($"{backend}/script", ScriptPath);
        Xenstore.Write($"{backend}/mac", mac);
        Xenstore.Write($"{backend}/bridge", Bridge);
        Xenstore.Write($"{backend}/handle", Invariant($"{deviceId}"));
        Xenstore.Write($"{backend}/type", "vif");
        Xenstore.Write($"{backend}/hotplug-status", string.Empty);

        Xenstore.Write($"{vif.FrontendPath}/backend", $"/local/domain/0/{backend}");
        Xenstore.Write($"{vif.FrontendPath}/backend-id", "0");
        Xenstore.Write($"{vif.FrontendPath}/handle", Invariant($"{deviceId}"));
        Xenstore.Write($"{vif.FrontendPath}/mac", mac);
        Xenstore.Write($"{vif.FrontendPath}/state", "1");

        var vm = $"/vm/{uuid:D}";
        Xenstore.Write($"{vif.DomainPath}/name", domainName);
        Xenstore.Write($"{vif.DomainPath}/domid", Invariant($"{domainId}"));
        Xenstore.Write($"{vif.DomainPath}/vm", vm);
        Xenstore.Write($"{vm}/uuid", $"{uuid:D}");
        Xenstore.Write($"{vm}/name", domainName);
        return vif;
    }

    /// <summary>The tap qemu creates for an HVM NIC (type=ioemu): <c>vif&lt;domid&gt;.&lt;devid&gt;-emu</c>.</summary>
    public Task AddEmulatedNicAsync(GuestVif vif, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(vif);
        return Network.AddVifAsync(vif.EmulatedName, Invariant($"emu{vif.DeviceId}"), ct);
    }

    /// <summary>
    /// Runs the script as libxl does: argv <c>&lt;action&gt; type_if=&lt;typeIf&gt;</c> and libxl's
    /// environment (script, XENBUS_TYPE, XENBUS_PATH, XENBUS_BASE_PATH, netdev, vif), plus
    /// <paramref name="environment"/> (e.g. INTERFACE for the -emu tap) on top.
    /// </summary>
    public Task<HotplugRun> RunScriptAsync(
        string action,
        string vif,
        string xenbusPath,
        string typeIf = "vif",
        IReadOnlyDictionary<string, string>? environment = null,
        CancellationToken ct = default)
    {
        var libxl = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["script"] = ScriptPath,
            ["XENBUS_TYPE"] = "vif",
            ["XENBUS_PATH"] = xenbusPath,
            ["XENBUS_BASE_PATH"] = "backend",
            ["netdev"] = string.Empty,
            ["vif"] = vif,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            libxl[name] = value;
        return RunScriptAsync([action, $"type_if={typeIf}"], libxl, ct);
    }

    /// <summary>Runs the script with exactly <paramref name="arguments"/> and <paramref name="environment"/>.</summary>
    public async Task<HotplugRun> RunScriptAsync(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(environment);
        var scriptEnvironment = new Dictionary<string, string>(StringComparer.Ordinal) { ["PATH"] = SystemPath };
        foreach (var name in InheritedVariables)
        {
            if (Environment.GetEnvironmentVariable(name) is { } value)
                scriptEnvironment[name] = value;
        }

        foreach (var (name, value) in Xenstore.ToolsEnvironment)
            scriptEnvironment[name] = value;
        scriptEnvironment[FakeXenstore.CallLogVariable] = CallsPath;
        scriptEnvironment["XENMESH_CLI"] = XenmeshCli;
        scriptEnvironment["XENMESH_ENDPOINT"] = AgentEndpoint;
        foreach (var (name, value) in environment)
            scriptEnvironment[name] = value;

        var callsBefore = (await File.ReadAllLinesAsync(CallsPath, ct)).Length;
        var logBefore = File.Exists(LogPath) ? new FileInfo(LogPath).Length : 0;
        var result = await Programs.RunAsync(
            Path.Combine(Folder, "run-in-netns"),
            [Dom0.Name, VarLogFolder, FakeToolsPath, ScriptPath, .. arguments],
            new ProcessOptions { ClearEnvironment = true, Environment = scriptEnvironment },
            HotplugTimeout,
            ct);
        var calls = (await File.ReadAllLinesAsync(CallsPath, ct)).Skip(callsBefore).ToArray();
        var log = File.Exists(LogPath) ? await ReadFromAsync(LogPath, logBefore, ct) : null;
        return new HotplugRun(result.ExitCode, result.StandardOutput, result.StandardError, calls, log);
    }

    public async ValueTask DisposeAsync()
    {
        if (File.Exists(LogPath))
            TestContext.Current.TestOutputHelper?.WriteLine($"{LogPath}:{Environment.NewLine}{await File.ReadAllTextAsync(LogPath)}");
        if (network is not null)
            await network.DisposeAsync();
        if (Directory.Exists(Folder))
            Directory.Delete(Folder, recursive: true);
    }

    /// <summary>
    /// The Xen library puts /usr/bin, /usr/sbin and its libexec folder before the fake xenstore on
    /// PATH: with xenstore-utils installed the script would talk to this host's real xenstore.
    /// </summary>
    private static void EnsureNoRealXenstoreTools()
    {
        string[] folders = ["/usr/bin", "/usr/sbin", "/bin", "/sbin", .. Directory.GetDirectories("/usr/lib", "xen-*").Select(xen => Path.Combine(xen, "bin"))];
        var real = folders.Select(folder => Path.Combine(folder, "xenstore-read")).FirstOrDefault(File.Exists);
        if (real is not null)
            throw new InvalidOperationException($"{real} exists: the Xen hotplug library would run it instead of the fake xenstore. Run these tests on a host without xenstore-utils.");
    }

    private static async Task<string> ReadFromAsync(string path, long offset, CancellationToken ct)
    {
        await using var stream = File.OpenRead(path);
        stream.Seek(offset, SeekOrigin.Begin);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync(ct);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private void InstallFiles(XenScriptLibrary library)
    {
        var scripts = Directory.CreateDirectory(Path.Combine(Folder, "scripts")).FullName;
        foreach (var file in Directory.GetFiles(library.ScriptsDirectory))
        {
            var copy = Path.Combine(scripts, Path.GetFileName(file));
            File.Copy(file, copy);
            File.SetUnixFileMode(copy, File.GetUnixFileMode(file));
        }

        InstallExecutable(Path.Combine("deploy", "xen", "vif-xenmesh"), ScriptPath);
        InstallExecutable(Path.Combine("deploy", "demo", "run-in-netns"), Path.Combine(Folder, "run-in-netns"));

        Directory.CreateDirectory(BinFolder);
        InstallExecutable(Path.Combine("TestHost", "traced"), Path.Combine(BinFolder, "traced"));
        foreach (var program in TracedPrograms)
            File.CreateSymbolicLink(Path.Combine(BinFolder, program), "traced");

        Directory.CreateDirectory(Xenstore.Root);
        Directory.CreateDirectory(Path.Combine(VarLogFolder, "xen"));
        File.WriteAllText(CallsPath, string.Empty);
    }

    private static void InstallExecutable(string relativeSource, string destination)
    {
        File.Copy(Path.Combine(AppContext.BaseDirectory, relativeSource), destination);
        File.SetUnixFileMode(destination, Executable);
    }
}
