using System.Diagnostics;
using System.Globalization;
using XenMesh.IntegrationTests.Dhcp;
using XenMesh.IntegrationTests.Dns;
using XenMesh.IntegrationTests.TestHost;

namespace XenMesh.IntegrationTests.Mesh;

/// <summary>
/// Three dom0s in namespaces on one LAN, each running the real agent with its own guest bridge and subnet
/// (192.168.0.0/24, .1.0/24, .2.0/24) and two guests with real dhclient: every dom0's DNS answers every guest
/// (A and PTR, with dig), a name claimed by guests of two hosts stays with the first and the loser has no record
/// anywhere, and the names of a host whose agent is killed go when it is removed and come back when it restarts,
/// while the others keep answering their own guests. The time from a guest's DHCPACK on one host to its name
/// resolving on another, and from <c>kill -9</c> to the withdrawal, go to the test output.
/// </summary>
public sealed class MeshDnsTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan RemovalTimeout = TimeSpan.FromSeconds(90);
    private static readonly string[] HostIds = ["kubikal", "rack2", "rack3"];

    /// <summary>Per host: (guest name, domid) — the name is the Xen domain name the guest claims.</summary>
    private static readonly (string Name, int DomId)[][] Guests =
    [
        [("xen1", 1), ("db", 2)],
        [("web", 1), ("mail", 2)],
        [("app", 1), ("cache", 2)],
    ];

    [Fact]
    public async Task Every_dom0_answers_every_guest_and_a_conflicts_loser_has_no_record()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var lan = await StartMeshAsync(ct);
        var clients = new List<Dhclient>();
        try
        {
            var addresses = await BindEveryGuestAsync(lan, clients, ct);
            foreach (var dom0 in lan.Dom0s)
                await dom0.AnswersEveryNameAsync(addresses, Timeout, ct);

            var rack2 = lan.Dom0s[1];
            var rack3 = lan.Dom0s[2];
            var rival = await rack3.AddGuestAsync("rival", 3, "aa:cc:00:02:00:03", "web", ct);
            var dhclient = new Dhclient(rival, DhcpClientTests.OriginalDhclientConfig);
            clients.Add(dhclient);
            var loser = (await dhclient.StartAsync(ct))["new_ip_address"];
            Assert.StartsWith("192.168.2.", loser, StringComparison.Ordinal);

            await Eventually.HoldsAsync(
                async () =>
                {
                    var conflicts = Programs.EnsureSucceeded(await lan.Dom0s[0].Agent.CliAsync(ct, "dns", "conflicts")).StandardOutput;
                    return (conflicts.Contains("web.xen | owner aa:cc:00:01:00:01@rack2 | rejected aa:cc:00:02:00:03@rack3 | since ", StringComparison.Ordinal)
                        && conflicts.TrimEnd().EndsWith("Count: 1 conflict", StringComparison.Ordinal), conflicts);
                },
                Timeout,
                "dns conflicts on kubikal listing rack3's rival of rack2's web",
                ct);
            foreach (var dom0 in lan.Dom0s)
            {
                await dom0.ResolvesAsync(["web.xen"], [addresses["web"]], Timeout, ct);
                await dom0.ResolvesAsync(["-x", loser], [], Timeout, ct);
            }

            Assert.Equal("Count: 1 conflict", Programs.EnsureSucceeded(await rack2.Agent.CliAsync(ct, "dns", "conflicts")).StandardOutput.Trim().Split('\n')[^1]);
        }
        finally
        {
            foreach (var client in clients)
                await client.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_killed_hosts_names_go_when_it_is_removed_and_come_back_when_it_restarts()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var lan = await StartMeshAsync(ct);
        var clients = new List<Dhclient>();
        try
        {
            var addresses = await BindEveryGuestAsync(lan, clients, ct);
            foreach (var dom0 in lan.Dom0s)
                await dom0.AnswersEveryNameAsync(addresses, Timeout, ct);
            var (kubikal, rack2, rack3) = (lan.Dom0s[0], lan.Dom0s[1], lan.Dom0s[2]);

            var killed = Stopwatch.StartNew();
            await rack3.KillAgentAsync();
            var withdrawn = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
            await Eventually.HoldsAsync(
                async () =>
                {
                    // The survivors answer their own guests the whole time.
                    Assert.Equal([addresses["xen1"]], await Dig.ShortAsync(kubikal.Namespace, kubikal.Server, ct, "+norec", "xen1.xen"));
                    Assert.Equal([addresses["web"]], await Dig.ShortAsync(rack2.Namespace, rack2.Server, ct, "+norec", "web.xen"));
                    foreach (var survivor in new[] { kubikal, rack2 })
                    {
                        if (!withdrawn.ContainsKey(survivor.HostId)
                            && (await Dig.ShortAsync(survivor.Namespace, survivor.Server, ct, "+norec", "app.xen")).Count == 0
                            && (await Dig.ShortAsync(survivor.Namespace, survivor.Server, ct, "+norec", "rack3.xen")).Count == 0)
                            withdrawn[survivor.HostId] = killed.Elapsed;
                    }

                    return (withdrawn.Count == 2, string.Join(", ", withdrawn.Keys));
                },
                RemovalTimeout,
                "rack3's names withdrawn on kubikal and rack2",
                ct);
            foreach (var (host, after) in withdrawn)
                Report($"kill -9 of rack3 to its names withdrawn on {host}: {after.TotalSeconds:F1} s");

            await rack3.StartAgentAsync(ct);
            foreach (var dom0 in lan.Dom0s)
                await dom0.AnswersEveryNameAsync(addresses, Timeout, ct);
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
            await lan.Dom0s[0].StartAgentAsync(ct);
            await Task.WhenAll(lan.Dom0s.Skip(1).Select(d => d.StartAgentAsync(ct)));
            await lan.Dom0s[0].AwaitAllMembersUpAsync(Timeout, ct);
            return lan;
        }
        catch
        {
            await lan.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Starts every guest's dhclient, one after the other, while the next host polls its DNS for the name:
    /// the time from the ACK (the client's BOUND event file) to the first answer there is reported.
    /// </summary>
    private static async Task<Dictionary<string, string>> BindEveryGuestAsync(MeshLan lan, List<Dhclient> clients, CancellationToken ct)
    {
        var addresses = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var h = 0; h < lan.Dom0s.Count; h++)
        {
            var dom0 = lan.Dom0s[h];
            var elsewhere = lan.Dom0s[(h + 1) % lan.Dom0s.Count];
            foreach (var (name, domId) in Guests[h])
            {
                var mac = string.Create(CultureInfo.InvariantCulture, $"aa:cc:00:{h:x2}:00:{domId:x2}");
                var guest = await dom0.AddGuestAsync(name, domId, mac, name, ct);
                using var watching = CancellationTokenSource.CreateLinkedTokenSource(ct);
                watching.CancelAfter(Timeout);
                var seen = FirstAnswerAsync(elsewhere, $"{name}.xen", watching.Token);
                var dhclient = new Dhclient(guest, DhcpClientTests.OriginalDhclientConfig);
                clients.Add(dhclient);
                var bound = await dhclient.StartAsync(ct);
                var address = bound["new_ip_address"];
                addresses[name] = address;
                var (at, answer) = await seen;
                Assert.Equal([address], answer);
                var acked = File.GetLastWriteTimeUtc(Path.Combine(guest.Events.Folder, string.Create(CultureInfo.InvariantCulture, $"{bound.Sequence:D4}.{bound.Name}")));
                Report($"{name}.xen: ACK on {dom0.HostId} to an answer on {elsewhere.HostId}: {(at - acked).TotalMilliseconds:F0} ms");
            }
        }

        return addresses;
    }

    /// <summary>Asks <paramref name="dom0"/>'s DNS for <paramref name="name"/> without pause until it answers; when, and what.</summary>
    private static async Task<(DateTime At, IReadOnlyList<string> Answer)> FirstAnswerAsync(MeshLan.Dom0 dom0, string name, CancellationToken ct)
    {
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var answer = await Dig.ShortAsync(dom0.Namespace, dom0.Server, ct, "+norec", name);
            if (answer.Count > 0)
                return (DateTime.UtcNow, answer);
        }
    }





    private static void Report(string line) => TestContext.Current.TestOutputHelper?.WriteLine(line);
}
