using System.Globalization;
using XenMesh.IntegrationTests.Dhcp;
using XenMesh.IntegrationTests.Dns;
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
    private NetworkNamespace _segment = null!;

    private MeshLan(string prefix)
    {
        Prefix = prefix;
        Folder = Path.Combine(Path.GetTempPath(), prefix);
    }

    public string Prefix { get; }

    public string Folder { get; }

    public IReadOnlyList<Dom0> Dom0s => _dom0s;

    /// <summary>The LAN and one dom0 network per host id, with no agent running yet.</summary>
    /// <param name="hostIds">One dom0 each.</param>
    /// <param name="ct">Cancels the set-up.</param>
    /// <param name="gateway">The agents' <c>lan.gateway</c>, or none.</param>
    /// <param name="rip">The agents' <c>rip</c> section, or none. With it the dom0s forward and the bridge filter is
    /// off: the RIP tests' guests have static addresses, not leases, which the filter would rightly drop.</param>
    /// <param name="supernet">The agents' <c>bridge.supernet</c>, or none. With it no <c>bridge.address</c> is given:
    /// each dom0's subnet and server are those the mesh assigns, known once its agent runs.</param>
    public static async Task<MeshLan> CreateAsync(IReadOnlyList<string> hostIds, CancellationToken ct, string? gateway = null, object? rip = null, string? supernet = null)
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
            var segment = lan._segment = await lan.AddNamespaceAsync("lan", ct);
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
                var sections = new Dictionary<string, object>(StringComparer.Ordinal)
                {
                    ["lan"] = gateway is null ? new { @interface = "eth0", address = LanAddress(i) } : (object)new { @interface = "eth0", address = LanAddress(i), gateway },
                    ["cluster"] = new { seeds, port = ClusterPort },
                };
                if (rip is not null)
                {
                    sections["rip"] = rip;
                    await Forward(host, ct);
                }

                var options = new AgentOptions(host, Path.Combine(lan.Folder, hostIds[i], "state"), hostIds[i])
                {
                    BridgeAddress = supernet is null ? string.Create(CultureInfo.InvariantCulture, $"192.168.{i}.254/24") : null,
                    BridgeSupernet = supernet,
                    BridgeFilter = rip is null,
                    Sections = sections,
                };
                lan._dom0s.Add(new Dom0(lan, hostIds[i], string.Create(CultureInfo.InvariantCulture, $"192.168.{i}.254"), LanAddress(i), i, options));
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

    /// <summary>
    /// Another host <c>&lt;prefix&gt;-&lt;name&gt;</c> on the LAN (a gateway, a LAN client): <c>eth0</c> on the LAN
    /// bridge with <paramref name="address"/>/24; a gateway also forwards.
    /// </summary>
    public async Task<NetworkNamespace> AddLanHostAsync(string name, string address, bool forward, CancellationToken ct)
    {
        var host = await AddNamespaceAsync(name, ct);
        await _segment.IpAsync(ct, "link", "add", "name", $"p-{name}", "type", "veth", "peer", "name", "eth0", "netns", host.Name);
        await _segment.IpAsync(ct, "link", "set", "dev", $"p-{name}", "master", "lan0", "up");
        await host.IpAsync(ct, "addr", "add", $"{address}/24", "dev", "eth0");
        await host.IpAsync(ct, "link", "set", "dev", "eth0", "up");
        if (forward)
            await Forward(host, ct);
        return host;
    }

    private static Task<XenMesh.Node.Linux.ProcessResult> Forward(NetworkNamespace host, CancellationToken ct) =>
        Programs.RunCheckedAsync("ip", ["netns", "exec", host.Name, "sysctl", "-qw", "net.ipv4.ip_forward=1"], ct);

    private static string LanAddress(int index) => string.Create(CultureInfo.InvariantCulture, $"192.168.11.{100 + index}");

    private async Task<NetworkNamespace> AddNamespaceAsync(string name, CancellationToken ct)
    {
        var created = await NetworkNamespace.CreateAsync($"{Prefix}-{name}", ct);
        _namespaces.Add(created);
        return created;
    }

    /// <summary>One dom0 of the LAN: its namespace, bridge address (where its DNS server listens) and agent.</summary>
    internal sealed class Dom0(MeshLan lan, string hostId, string server, string lanAddress, int index, AgentOptions options)
    {
        public string HostId { get; } = hostId;

        /// <summary>Its address on the LAN: the next hop of its guest subnet.</summary>
        public string LanAddress { get; } = lanAddress;

        /// <summary>Its guest subnet, 192.168.n.0/24, or the one assigned from the supernet once its agent started.</summary>
        public string Subnet { get; private set; } = string.Create(CultureInfo.InvariantCulture, $"192.168.{index}.0/24");

        /// <summary>The bridge address: the DNS server this dom0's guests use.</summary>
        public string Server { get; private set; } = server;

        public NetworkNamespace Namespace => options.Namespace;

        public AgentProcess Agent => CurrentAgent ?? throw new InvalidOperationException($"the agent of {HostId} is not running");

        private AgentProcess? CurrentAgent { get; set; }

        /// <summary>Starts the agent on this dom0's state folder (a restart keeps its leases).</summary>
        public async Task<AgentProcess> StartAgentAsync(CancellationToken ct)
        {
            CurrentAgent = await AgentProcess.StartAsync(options, ct);
            if (options.BridgeSupernet is not null)
                await LearnAssignedSubnetAsync(ct);
            return CurrentAgent;
        }

        /// <summary>The address the agent gives the bridge (<c>ip -4 -o addr show</c>) becomes <see cref="Server"/>, its network <see cref="Subnet"/>.</summary>
        private async Task LearnAssignedSubnetAsync(CancellationToken ct)
        {
            string? cidr = null;
            await Eventually.HoldsAsync(
                async () =>
                {
                    var shown = Programs.EnsureSucceeded(await Programs.RunAsync("ip", ["netns", "exec", Namespace.Name, "ip", "-4", "-o", "addr", "show", "dev", DhcpDom0.Bridge], ct)).StandardOutput;
                    cidr = shown.Split(' ', StringSplitOptions.RemoveEmptyEntries).SkipWhile(w => w != "inet").ElementAtOrDefault(1);
                    return (cidr is not null, shown);
                },
                TimeSpan.FromSeconds(60),
                $"an IPv4 address on {DhcpDom0.Bridge} of {HostId}",
                ct);
            Assert.True(XenMesh.Messages.Values.Ipv4Interface.TryParse(cidr, out var bridge, out var error), error);
            Server = bridge.Address.ToString();
            Subnet = bridge.Subnet.ToString();
        }

        /// <summary>SIGTERM to the agent (it leaves the cluster) and its exit code; its output goes to the test log.</summary>
        public async Task<int> StopAgentAsync(CancellationToken ct)
        {
            var exitCode = await Agent.StopAsync(ct);
            await KillAgentAsync();
            return exitCode;
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
            await VifOnlineAsync(ct, "-v", vif, "-p", $"backend/vif/{domId}/0", "-m", mac, "-d", domainName);
            return new DhcpGuest(name, guest, vif, mac, folder, ClientEvents.Create(folder));
        }

        /// <summary>
        /// A guest <c>&lt;prefix&gt;-&lt;host&gt;-static</c> on <c>vif9.0</c> (registered by <c>vif online</c>) with the
        /// static address 192.168.n.1/24 and its default route via the dom0's bridge; returns the address.
        /// </summary>
        public async Task<string> AddStaticGuestAsync(CancellationToken ct)
        {
            var guest = await lan.AddNamespaceAsync($"{HostId}-static", ct);
            var address = string.Create(CultureInfo.InvariantCulture, $"192.168.{index}.1");
            var mac = string.Create(CultureInfo.InvariantCulture, $"aa:cc:00:{index:x2}:00:09");
            await Namespace.IpAsync(ct, "link", "add", "name", "vif9.0", "type", "veth", "peer", "name", DhcpGuest.Interface, "address", mac, "netns", guest.Name);
            await VifOnlineAsync(ct, "-v", "vif9.0", "-p", "backend/vif/9/0", "-m", mac);
            await guest.IpAsync(ct, "addr", "add", $"{address}/24", "dev", DhcpGuest.Interface);
            await guest.IpAsync(ct, "link", "set", "dev", DhcpGuest.Interface, "up");
            await guest.IpAsync(ct, "route", "add", "default", "via", Server);
            return address;
        }

        /// <summary>
        /// <c>vif online</c> with <paramref name="arguments"/>. Idempotent, so retried: on a loaded machine the client's
        /// connect can still time out.
        /// </summary>
        private Task VifOnlineAsync(CancellationToken ct, params string[] arguments) =>
            Eventually.HoldsAsync(
                async () =>
                {
                    var online = await Agent.CliAsync(ct, ["vif", "online", .. arguments]);
                    return (online.Succeeded, online.StandardError);
                },
                TimeSpan.FromSeconds(60),
                $"vif online {string.Join(' ', arguments)} on {HostId}",
                ct);

        /// <summary>Awaits this dom0's <c>cluster show</c> listing every dom0 of the LAN, each up and reachable.</summary>
        public Task AwaitAllMembersUpAsync(TimeSpan timeout, CancellationToken ct) =>
            Eventually.HoldsAsync(
                async () =>
                {
                    var show = (await Agent.CliAsync(ct, "cluster", "show")).StandardOutput;
                    var up = show.Split('\n').Count(l => l.Contains("| up | reachable", StringComparison.Ordinal));
                    return (show.Contains($"Count: {lan.Dom0s.Count} nodes", StringComparison.Ordinal) && up == lan.Dom0s.Count, show);
                },
                timeout,
                $"{lan.Dom0s.Count} members up and reachable on {HostId}",
                ct);

        /// <summary>Every guest (A and PTR) and every dom0's own name, as this dom0's DNS answers them, each within <paramref name="timeout"/>.</summary>
        public async Task AnswersEveryNameAsync(IReadOnlyDictionary<string, string> addresses, TimeSpan timeout, CancellationToken ct)
        {
            foreach (var (name, address) in addresses)
            {
                await ResolvesAsync([$"{name}.xen"], [address], timeout, ct);
                await ResolvesAsync(["-x", address], [$"{name}.xen."], timeout, ct);
            }

            foreach (var host in lan.Dom0s)
                await ResolvesAsync([$"{host.HostId}.xen"], [host.Server], timeout, ct);
        }

        /// <summary>Awaits this dom0's DNS answering <paramref name="question"/> (dig arguments, no recursion) with exactly <paramref name="expected"/>.</summary>
        public Task ResolvesAsync(string[] question, string[] expected, TimeSpan timeout, CancellationToken ct) =>
            Eventually.HoldsAsync(
                async () =>
                {
                    var answer = await Dig.ShortAsync(Namespace, Server, ct, ["+norec", .. question]);
                    return (answer.SequenceEqual(expected), string.Join(",", answer));
                },
                timeout,
                $"{string.Join(' ', question)} answering [{string.Join(",", expected)}] on {HostId}",
                ct);
    }
}
