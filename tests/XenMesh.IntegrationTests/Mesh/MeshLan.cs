using System.Globalization;
using XenMesh.IntegrationTests.Dhcp;
using XenMesh.IntegrationTests.TestHost;

namespace XenMesh.IntegrationTests.Mesh;

/// <summary>
/// Several dom0s on one LAN, in namespaces: <c>&lt;prefix&gt;-lan</c> holds the LAN bridge <c>lan0</c>
/// (192.168.11.0/24); each dom0 <c>&lt;prefix&gt;-&lt;host&gt;</c> has <c>eth0</c> on it (192.168.11.100 + n)
/// and its own guest bridge <c>br0</c> at 192.168.n.254/24, and runs the real agent with a <c>cluster</c>
/// section whose seeds are every dom0's LAN address, the first dom0 first. Guests are namespaces of their own
/// on a veth vif registered by <c>vif online</c>. Leftovers of the prefix go first; disposing kills the agents
/// and removes every namespace and the folder.
/// </summary>
internal sealed class MeshLan : IAsyncDisposable
{
    public const int ClusterPort = 4053;

    private readonly List<NetworkNamespace> _namespaces = [];
    private readonly List<Dom0> _dom0s = [];

    private MeshLan(string prefix)
    {
        Prefix = prefix;
        Folder = Path.Combine(Path.GetTempPath(), prefix);
    }

    public string Prefix { get; }

    public string Folder { get; }

    public IReadOnlyList<Dom0> Dom0s => _dom0s;

    /// <summary>The LAN and one dom0 network per host id, with no agent running yet.</summary>
    public static async Task<MeshLan> CreateAsync(IReadOnlyList<string> hostIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(hostIds);
        var prefix = TestPrefix.New();
        await NetworkNamespace.RemoveLeftoversAsync(prefix, ct);
        var lan = new MeshLan(prefix);
        try
        {
            if (Directory.Exists(lan.Folder))
                Directory.Delete(lan.Folder, recursive: true);
            Directory.CreateDirectory(lan.Folder);
            var segment = await lan.AddNamespaceAsync("lan", ct);
            await segment.IpAsync(ct, "link", "add", "name", "lan0", "type", "bridge");
            await segment.IpAsync(ct, "link", "set", "dev", "lan0", "up");
            var seeds = hostIds.Select((_, i) => string.Create(CultureInfo.InvariantCulture, $"{LanAddress(i)}:{ClusterPort}")).ToArray();
            for (var i = 0; i < hostIds.Count; i++)
            {
                var host = await lan.AddNamespaceAsync(hostIds[i], ct);
                await segment.IpAsync(ct, "link", "add", "name", $"p-{i}", "type", "veth", "peer", "name", "eth0", "netns", host.Name);
                await segment.IpAsync(ct, "link", "set", "dev", $"p-{i}", "master", "lan0", "up");
                await host.IpAsync(ct, "addr", "add", $"{LanAddress(i)}/24", "dev", "eth0");
                await host.IpAsync(ct, "link", "set", "dev", "eth0", "up");
                await host.IpAsync(ct, "link", "add", "name", DhcpDom0.Bridge, "type", "bridge");
                await host.IpAsync(ct, "link", "set", "dev", DhcpDom0.Bridge, "up");
                var options = new AgentOptions(host, Path.Combine(lan.Folder, hostIds[i], "state"), hostIds[i])
                {
                    BridgeAddress = string.Create(CultureInfo.InvariantCulture, $"192.168.{i}.254/24"),
                    Sections = new Dictionary<string, object>(StringComparer.Ordinal)
                    {
                        ["lan"] = new { @interface = "eth0", address = LanAddress(i) },
                        ["cluster"] = new { seeds, port = ClusterPort },
                    },
                };
                lan._dom0s.Add(new Dom0(lan, hostIds[i], string.Create(CultureInfo.InvariantCulture, $"192.168.{i}.254"), options));
            }

            return lan;
        }
        catch
        {
            await lan.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var dom0 in _dom0s)
            await dom0.KillAgentAsync();
        foreach (var created in Enumerable.Reverse(_namespaces))
            await created.DisposeAsync();
        if (Directory.Exists(Folder))
            Directory.Delete(Folder, recursive: true);
    }

    private static string LanAddress(int index) => string.Create(CultureInfo.InvariantCulture, $"192.168.11.{100 + index}");

    private async Task<NetworkNamespace> AddNamespaceAsync(string name, CancellationToken ct)
    {
        var created = await NetworkNamespace.CreateAsync($"{Prefix}-{name}", ct);
        _namespaces.Add(created);
        return created;
    }

    /// <summary>One dom0 of the LAN: its namespace, bridge address (where its DNS server listens) and agent.</summary>
    internal sealed class Dom0(MeshLan lan, string hostId, string server, AgentOptions options)
    {
        public string HostId { get; } = hostId;

        /// <summary>The bridge address: the DNS server this dom0's guests use.</summary>
        public string Server { get; } = server;

        public NetworkNamespace Namespace => options.Namespace;

        public AgentProcess Agent => CurrentAgent ?? throw new InvalidOperationException($"the agent of {HostId} is not running");

        private AgentProcess? CurrentAgent { get; set; }

        /// <summary>Starts the agent on this dom0's state folder (a restart keeps its leases).</summary>
        public async Task<AgentProcess> StartAgentAsync(CancellationToken ct)
        {
            CurrentAgent = await AgentProcess.StartAsync(options, ct);
            return CurrentAgent;
        }

        /// <summary><c>kill -9</c> of the agent, as a crash; its output goes to the test log.</summary>
        public async Task KillAgentAsync()
        {
            if (CurrentAgent is null)
                return;
            await CurrentAgent.DisposeAsync();
            CurrentAgent = null;
        }

        /// <summary>
        /// A guest <c>&lt;prefix&gt;-&lt;host&gt;-&lt;name&gt;</c> on <c>vif&lt;domId&gt;.0</c>, registered by <c>vif online</c>
        /// with <paramref name="domainName"/> as its Xen domain name (the name it claims).
        /// </summary>
        public async Task<DhcpGuest> AddGuestAsync(string name, int domId, string mac, string domainName, CancellationToken ct)
        {
            var guest = await lan.AddNamespaceAsync($"{HostId}-{name}", ct);
            var vif = string.Create(CultureInfo.InvariantCulture, $"vif{domId}.0");
            await Namespace.IpAsync(ct, "link", "add", "name", vif, "type", "veth", "peer", "name", DhcpGuest.Interface, "address", mac, "netns", guest.Name);
            await guest.IpAsync(ct, "link", "set", "dev", DhcpGuest.Interface, "up");
            var folder = Path.Combine(lan.Folder, HostId, name);
            Directory.CreateDirectory(folder);
            Programs.EnsureSucceeded(await Agent.CliAsync(ct, "vif", "online", "-v", vif, "-p", $"backend/vif/{domId}/0", "-m", mac, "-d", domainName));
            return new DhcpGuest(name, guest, vif, mac, folder, ClientEvents.Create(folder));
        }
    }
}
