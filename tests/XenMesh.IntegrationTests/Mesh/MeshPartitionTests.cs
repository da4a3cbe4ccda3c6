using System.Diagnostics;
using System.Globalization;
using XenMesh.IntegrationTests.Dhcp;
using XenMesh.IntegrationTests.Dns;
using XenMesh.IntegrationTests.TestHost;

namespace XenMesh.IntegrationTests.Mesh;

/// <summary>
/// Three dom0s on one LAN (as in <see cref="MeshDnsTests"/>) with one guest each, and this host cut off or
/// downed: rack3 is cut off from the others by an nftables table in its own namespace, or marked down with
/// <c>cluster down</c> from kubikal. Throughout, every dom0's DNS answers its own guest (A and PTR) without a
/// single failure and a new guest of rack3 gets a lease; the cluster downs rack3, whose agent keeps running
/// and rejoins with a new incarnation of its mesh, after which every dom0 answers every name again, the ones
/// leased while it was away included. The times go to the test output.
/// </summary>
public sealed class MeshPartitionTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>Failure detection (5 s) + SBR stable-after (10 s) + a restart and rejoin, on a loaded machine.</summary>
    private static readonly TimeSpan DowningTimeout = TimeSpan.FromSeconds(120);

    private static readonly string[] HostIds = ["kubikal", "rack2", "rack3"];
    private static readonly string[] FirstGuests = ["xen1", "web", "app"];
    private const string Rack3Address = "akka.tcp://xenmesh@192.168.11.102:4053";
    private const string MeshRestarted = "starting a new incarnation to rejoin";

    [Fact]
    public async Task A_cut_off_dom0_keeps_serving_its_guests_and_after_healing_every_zone_is_the_union()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var lan = await StartMeshAsync(ct);
        var clients = new List<Dhclient>();
        try
        {
            var addresses = await BindFirstGuestsAsync(lan, clients, ct);
            var (kubikal, rack2, rack3) = (lan.Dom0s[0], lan.Dom0s[1], lan.Dom0s[2]);

            await using var pollers = OwnGuestPollers(lan, addresses, ct);
            var cut = Stopwatch.StartNew();
            var partition = await Partition.CutOffAsync(lan, rack3, ct);
            var downed = await AwaitRemovedAsync(kubikal, rack3, ct);
            Report($"partition to rack3 removed on kubikal: {downed.TotalSeconds:F1} s; to rack3 downed by its split-brain resolver: {(await AwaitRestartedAsync(rack3, cut, ct)).TotalSeconds:F1} s");

            // Each side goes on leasing: a new guest on the cut-off host and one on the majority.
            var late = await BindAsync(rack3, clients, "late", 3, "aa:cc:00:02:00:03", ct);
            addresses["late"] = late;
            await rack3.ResolvesAsync(["late.xen"], [late], DowningTimeout, ct);
            addresses["news"] = await BindAsync(rack2, clients, "news", 3, "aa:cc:00:01:00:03", ct);
            await kubikal.ResolvesAsync(["news.xen"], [addresses["news"]], DowningTimeout, ct);
            Assert.False(rack3.Agent.HasExited, "rack3's agent exited while cut off");

            var healed = Stopwatch.StartNew();
            await partition.HealAsync(ct);
            await kubikal.AwaitAllMembersUpAsync(DowningTimeout, ct);
            var up = healed.Elapsed;
            foreach (var dom0 in lan.Dom0s)
                await dom0.AnswersEveryNameAsync(addresses, DowningTimeout, ct);
            Report($"healing to three members up: {up.TotalSeconds:F1} s; to every name on every dom0: {healed.Elapsed.TotalSeconds:F1} s");

            await pollers.StopAndAssertNoFailureAsync();
            Assert.False(rack3.Agent.HasExited, "rack3's agent exited");
            AssertNoIslandSuspected(lan);
        }
        finally
        {
            foreach (var client in clients)
                await client.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_downed_dom0_keeps_serving_its_guests_and_rejoins_with_its_names()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var lan = await StartMeshAsync(ct);
        var clients = new List<Dhclient>();
        try
        {
            var addresses = await BindFirstGuestsAsync(lan, clients, ct);
            var (kubikal, rack3) = (lan.Dom0s[0], lan.Dom0s[2]);

            // The guest's vif is announced before: what runs through the restart is its DHCP exchange.
            var late = await rack3.AddGuestAsync("late", 3, "aa:cc:00:02:00:03", "late", ct);
            var lateClient = new Dhclient(late, DhcpClientTests.OriginalDhclientConfig);
            clients.Add(lateClient);
            await using var pollers = OwnGuestPollers(lan, addresses, ct);
            var down = Stopwatch.StartNew();
            Programs.EnsureSucceeded(await kubikal.Agent.CliAsync(ct, "cluster", "down", "-a", Rack3Address));
            var restarted = await AwaitRestartedAsync(rack3, down, ct);
            addresses["late"] = (await lateClient.StartAsync(ct))["new_ip_address"];
            await kubikal.AwaitAllMembersUpAsync(DowningTimeout, ct);
            var up = down.Elapsed;
            foreach (var dom0 in lan.Dom0s)
                await dom0.AnswersEveryNameAsync(addresses, DowningTimeout, ct);
            Report($"cluster down of rack3 to its mesh restarting: {restarted.TotalSeconds:F1} s; to three members up: {up.TotalSeconds:F1} s; to every name on every dom0: {down.Elapsed.TotalSeconds:F1} s");

            await pollers.StopAndAssertNoFailureAsync();
            Assert.False(rack3.Agent.HasExited, "rack3's agent exited");
            AssertNoIslandSuspected(lan);
        }
        finally
        {
            foreach (var client in clients)
                await client.DisposeAsync();
        }
    }

    private static async Task<MeshLan> StartMeshAsync(CancellationToken ct)
    {
        var lan = await MeshLan.CreateAsync(HostIds, ct);
        try
        {
            // One after the other: three agents recovering their journals at once overran 30 s under load.
            foreach (var dom0 in lan.Dom0s)
                await dom0.StartAgentAsync(ct);
            await lan.Dom0s[0].AwaitAllMembersUpAsync(DowningTimeout, ct);
            return lan;
        }
        catch
        {
            await lan.DisposeAsync();
            throw;
        }
    }

    /// <summary>Waits until <paramref name="survivor"/>'s cluster no longer lists <paramref name="gone"/>; how long it took.</summary>
    private static async Task<TimeSpan> AwaitRemovedAsync(MeshLan.Dom0 survivor, MeshLan.Dom0 gone, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        await Eventually.HoldsAsync(
            async () =>
            {
                var show = (await survivor.Agent.CliAsync(ct, "cluster", "show")).StandardOutput;
                return (show.Contains("Count: 2 nodes", StringComparison.Ordinal), show);
            },
            DowningTimeout,
            $"{gone.HostId} removed from {survivor.HostId}'s cluster",
            ct);
        return watch.Elapsed;
    }

    /// <summary>Waits until <paramref name="dom0"/>'s agent logs that its mesh restarts; the time on <paramref name="since"/>.</summary>
    private static async Task<TimeSpan> AwaitRestartedAsync(MeshLan.Dom0 dom0, Stopwatch since, CancellationToken ct)
    {
        await Eventually.HoldsAsync(
            () =>
            {
                Assert.False(dom0.Agent.HasExited, $"{dom0.HostId}'s agent exited");
                return Task.FromResult((dom0.Agent.Output.Contains(MeshRestarted, StringComparison.Ordinal), "no restart logged"));
            },
            DowningTimeout,
            $"{dom0.HostId}'s mesh restarting after it was downed",
            ct);
        return since.Elapsed;
    }

    /// <summary>One guest per dom0 (<see cref="FirstGuests"/>), bound with dhclient; name → address.</summary>
    private static async Task<Dictionary<string, string>> BindFirstGuestsAsync(MeshLan lan, List<Dhclient> clients, CancellationToken ct)
    {
        var addresses = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var h = 0; h < lan.Dom0s.Count; h++)
            addresses[FirstGuests[h]] = await BindAsync(lan.Dom0s[h], clients, FirstGuests[h], 1, string.Create(CultureInfo.InvariantCulture, $"aa:cc:00:{h:x2}:00:01"), ct);
        foreach (var dom0 in lan.Dom0s)
            await dom0.AnswersEveryNameAsync(addresses, DowningTimeout, ct);
        return addresses;
    }

    private static async Task<string> BindAsync(MeshLan.Dom0 dom0, List<Dhclient> clients, string name, int domId, string mac, CancellationToken ct)
    {
        var guest = await dom0.AddGuestAsync(name, domId, mac, name, ct);
        var dhclient = new Dhclient(guest, DhcpClientTests.OriginalDhclientConfig);
        clients.Add(dhclient);
        return (await dhclient.StartAsync(ct))["new_ip_address"];
    }

    /// <summary>Each dom0 asked for its own first guest, A and PTR, in a loop until stopped.</summary>
    private static DnsPollers OwnGuestPollers(MeshLan lan, Dictionary<string, string> addresses, CancellationToken ct) =>
        new([.. lan.Dom0s.Select((dom0, h) => (dom0, FirstGuests[h], addresses[FirstGuests[h]]))], ct);




    /// <summary>
    /// The island detector stays out of the split-brain resolver's way: while a member is unreachable it neither
    /// asks nor acts, and a view that still lists members of the other side is the same cluster, not an island.
    /// </summary>
    private static void AssertNoIslandSuspected(MeshLan lan)
    {
        foreach (var dom0 in lan.Dom0s)
        {
            Assert.DoesNotContain("Island suspected", dom0.Agent.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("Island detected", dom0.Agent.Output, StringComparison.Ordinal);
        }
    }

    private static void Report(string line) => TestContext.Current.TestOutputHelper?.WriteLine(line);

    /// <summary>
    /// The partition: an nftables table of the test's own in the cut-off dom0's namespace that drops every packet
    /// between its LAN address and the other dom0s' (input and output), so neither side hears the other.
    /// Deleting the table heals it; the namespace goes with the LAN anyway.
    /// </summary>
    private sealed class Partition(NetworkNamespace @namespace, string table)
    {
        public static async Task<Partition> CutOffAsync(MeshLan lan, MeshLan.Dom0 dom0, CancellationToken ct)
        {
            var others = string.Join(", ", lan.Dom0s.Where(d => d != dom0).Select(d => LanAddress(lan, d)));
            var table = $"{lan.Prefix}part";
            var rules = Path.Combine(lan.Folder, "partition.nft");
            await File.WriteAllTextAsync(rules, $$"""
                table inet {{table}} {
                    chain in {
                        type filter hook input priority 0; policy accept;
                        ip saddr { {{others}} } drop
                    }
                    chain out {
                        type filter hook output priority 0; policy accept;
                        ip daddr { {{others}} } drop
                    }
                }
                """, ct);
            Programs.EnsureSucceeded(await Programs.RunAsync("ip", ["netns", "exec", dom0.Namespace.Name, "nft", "-f", rules], ct));
            return new Partition(dom0.Namespace, table);
        }

        public async Task HealAsync(CancellationToken ct) =>
            Programs.EnsureSucceeded(await Programs.RunAsync("ip", ["netns", "exec", @namespace.Name, "nft", "delete", "table", "inet", table], ct));

        private static string LanAddress(MeshLan lan, MeshLan.Dom0 dom0) =>
            string.Create(CultureInfo.InvariantCulture, $"192.168.11.{100 + lan.Dom0s.ToList().IndexOf(dom0)}");
    }

    /// <summary>Background loops asking each dom0's DNS for its own guest (A, then PTR) until stopped; every miss is kept.</summary>
    private sealed class DnsPollers : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop;
        private readonly List<Task> _loops;
        private readonly List<string> _failures = [];
        private int _queries;

        public DnsPollers(IReadOnlyList<(MeshLan.Dom0 Dom0, string Name, string Address)> guests, CancellationToken ct)
        {
            _stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            _loops = [.. guests.Select(g => Task.Run(() => PollAsync(g.Dom0, g.Name, g.Address, _stop.Token), CancellationToken.None))];
        }

        public async Task StopAndAssertNoFailureAsync()
        {
            await _stop.CancelAsync();
            await Task.WhenAll(_loops);
            Report($"own-guest DNS queries while cut off or downed: {_queries}, failed: {_failures.Count}");
            lock (_failures)
                Assert.Empty(_failures);
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await Task.WhenAll(_loops);
            _stop.Dispose();
        }

        private async Task PollAsync(MeshLan.Dom0 dom0, string name, string address, CancellationToken stop)
        {
            var questions = new (string[] Question, string Expected)[] { ([$"{name}.xen"], address), (["-x", address], $"{name}.xen.") };
            while (!stop.IsCancellationRequested)
            {
                foreach (var (question, expected) in questions)
                {
                    // The dig process is never cancelled mid-query: a cancelled query is no failure of the server.
                    var result = await Dig.RunAsync(dom0.Namespace, dom0.Server, CancellationToken.None, ["+time=5", "+short", "+norec", .. question]);
                    Interlocked.Increment(ref _queries);
                    var answer = result.StandardOutput.Trim();
                    if (!result.Succeeded || answer != expected)
                    {
                        lock (_failures)
                            _failures.Add($"{DateTime.UtcNow:HH:mm:ss.fff} {dom0.HostId} {string.Join(' ', question)}: '{answer}' {result.StandardError.Trim()}");
                    }
                }
            }
        }
    }
}
