using System.Diagnostics;
using System.Net;
using Akka.Actor;
using XenMesh.IntegrationTests.Linux;
using XenMesh.IntegrationTests.TestHost;
using XenMesh.Messages.Leases;
using XenMesh.Messages.Values;
using XenMesh.Node.Filter;
using XenMesh.Node.Linux;
using static XenMesh.Messages.Leases.LeaseEvents;
using static XenMesh.Node.Filter.BridgeFilterProtocol;

namespace XenMesh.IntegrationTests.Filter;

/// <summary>
/// The filter actor against the kernel of a throw-away namespace: a burst of lease commits, as a group
/// commit delivers them, goes into few nft transactions and every commit is confirmed only once the
/// kernel holds its element.
/// </summary>
public sealed class FilterBatchTests : Akka.TestKit.Xunit.TestKit
{
    private readonly ITestOutputHelper _output;

    public FilterBatchTests(ITestOutputHelper output)
        : base(output: output) => _output = output;

    private const int Leases = 2000;

    [Fact]
    public async Task A_burst_of_lease_commits_is_installed_in_few_transactions()
    {
        var ct = TestContext.Current.CancellationToken;
        var prefix = TestPrefix.New();
        await NetworkNamespace.RemoveLeftoversAsync(prefix, ct);
        await using var dom0 = await NetworkNamespace.CreateAsync($"{prefix}-dom0", ct);
        var runner = new CountingRunner(new NamespaceProcessRunner(dom0.Name));
        var filter = Sys.ActorOf(BridgeFilterActor.Props(runner, _ => Task.FromResult(new FilterContents([], []))));
        await filter.Ask<FilterApplied>(WhenInstalled.Instance, TimeSpan.FromSeconds(30), ct);
        var installs = runner.Count;
        var at = DateTimeOffset.UtcNow;

        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < Leases; i++)
        {
            var mac = MacAddress.Parse($"00:16:3e:00:{i / 256:x2}:{i % 256:x2}");
            var commit = new LeaseCommitted(IPAddress.Parse($"10.0.{i / 250}.{i % 250 + 1}"), mac, null, $"vif{i + 1}.0", null, LeaseNameSource.None, at, at.AddDays(3));
            filter.Tell(new LeasesCommitted([commit], i), TestActor);
        }

        var confirmed = new HashSet<int>();
        for (var i = 0; i < Leases; i++)
            confirmed.Add(ExpectMsg<int>(TimeSpan.FromSeconds(60), cancellationToken: ct));
        var elapsed = Stopwatch.GetElapsedTime(started);

        var transactions = runner.Count - installs;
        _output.WriteLine($"{Leases} commits: {transactions} nft transactions in {elapsed.TotalMilliseconds:F0} ms, {elapsed.TotalMilliseconds / transactions:F1} ms per transaction, {Leases / elapsed.TotalSeconds:F0} commits/s");
        Assert.Equal(Leases, confirmed.Count);

        // One more lease on a full set: the cost of a transaction of one element, as a lone DHCPACK pays it.
        var single = Stopwatch.GetTimestamp();
        filter.Tell(new LeasesCommitted([new LeaseCommitted(IPAddress.Parse("10.1.0.1"), MacAddress.Parse("00:16:3e:01:00:01"), null, "vif9999.0", null, LeaseNameSource.None, at, at.AddDays(3))], -1), TestActor);
        ExpectMsg(-1, TimeSpan.FromSeconds(30), cancellationToken: ct);
        _output.WriteLine($"one commit on a set of {Leases}: {Stopwatch.GetElapsedTime(single).TotalMilliseconds:F1} ms");
        Assert.InRange(transactions, 1, Leases / 20);
        var set = Programs.EnsureSucceeded(await Programs.RunAsync("ip", ["netns", "exec", dom0.Name, "nft", "list", "set", "bridge", "xenmesh", "bound4"], ct)).StandardOutput;
        Assert.Contains("\"vif2000.0\" . 00:16:3e:00:07:cf . 10.0.7.250", set, StringComparison.Ordinal);
        Assert.Equal(Leases + 1, set.Split("vif", StringSplitOptions.None).Length - 1);
    }

    /// <summary>Counts the programs it runs through <paramref name="inner"/>.</summary>
    private sealed class CountingRunner(IProcessRunner inner) : IProcessRunner
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public Task<ProcessResult> RunAsync(string fileName, IReadOnlyList<string> arguments, CancellationToken ct) =>
            RunAsync(fileName, arguments, ProcessOptions.Default, ct);

        public Task<ProcessResult> RunAsync(string fileName, IReadOnlyList<string> arguments, ProcessOptions options, CancellationToken ct)
        {
            Interlocked.Increment(ref _count);
            return inner.RunAsync(fileName, arguments, options, ct);
        }
    }
}
