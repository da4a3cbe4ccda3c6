using System.Net;
using Akka.Actor;
using XenMesh.Messages.Leases;
using XenMesh.Messages.Values;
using XenMesh.Node.Filter;
using XenMesh.Tests.Linux;
using static XenMesh.Messages.Leases.LeaseEvents;
using static XenMesh.Node.Filter.BridgeFilterProtocol;

namespace XenMesh.Tests.Filter;

/// <summary>
/// The actor's contract with nft as argv and stdin: a recording runner answers, since here the scripts and
/// the order of answers are the unit under test. The kernel's side is in the integration tests.
/// </summary>
public sealed class BridgeFilterActorTests : Akka.TestKit.Xunit.TestKit
{
    private static readonly MacAddress Mac = MacAddress.Parse("00:16:3e:00:00:07");
    private static readonly IPAddress Address = IPAddress.Parse("192.168.0.17");
    private static readonly DateTimeOffset At = new(2026, 11, 27, 20, 0, 0, TimeSpan.Zero);

    private readonly RecordingProcessRunner _runner = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void At_start_the_table_is_installed_from_the_vifs_and_leases_before_any_change()
    {
        var filter = Start(new FilterContents([new FilterPort("vif7.0", Mac)], [new FilterBinding("vif7.0", Mac, Address)]));

        filter.Tell(new PortOnline("vif8.0", MacAddress.Parse("00:16:3e:00:00:08")), TestActor);

        ExpectMsg<FilterApplied>(cancellationToken: Ct);
        Assert.All(_runner.Calls, call => Assert.Equal(["nft", "-f", "-"], call));
        Assert.StartsWith("add table bridge xenmesh\ndelete table bridge xenmesh\n", _runner.Inputs[0], StringComparison.Ordinal);
        Assert.Contains("\"vif7.0\" . 00:16:3e:00:00:07 . 192.168.0.17", _runner.Inputs[0], StringComparison.Ordinal);
        Assert.Equal(2, _runner.Calls.Count);
        Assert.Equal(
            "add element bridge xenmesh port_mac { \"vif8.0\" . 00:16:3e:00:00:08 }\n" +
            "add element bridge xenmesh port_chaddr { \"vif8.0\" . 0x00163e000008 }\n",
            _runner.Inputs[1]);
    }

    [Fact]
    public void A_lease_commit_is_confirmed_only_after_nft_took_it_and_a_renewal_runs_no_nft()
    {
        var filter = Start(new FilterContents([], []));
        var commit = new LeaseCommitted(Address, Mac, null, "vif7.0", null, LeaseNameSource.None, At, At.AddDays(3));

        filter.Tell(new LeasesCommitted([commit], "ack-1"), TestActor);
        ExpectMsg("ack-1", cancellationToken: Ct);
        var calls = _runner.Calls.Count;
        Assert.Equal("add element bridge xenmesh bound4 { \"vif7.0\" . 00:16:3e:00:00:07 . 192.168.0.17 }\n", _runner.Inputs[^1]);

        filter.Tell(new LeasesCommitted([commit], "ack-2"), TestActor);
        ExpectMsg("ack-2", cancellationToken: Ct);
        Assert.Equal(calls, _runner.Calls.Count);
    }

    [Fact]
    public async Task An_action_confirmation_runs_on_the_filter_once_nft_took_the_commit_and_nothing_is_sent_back()
    {
        var filter = Start(new FilterContents([], []));
        var callsBefore = _runner.Calls.Count;
        var ran = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var commit = new LeaseCommitted(Address, Mac, null, "vif7.0", null, LeaseNameSource.None, At, At.AddDays(3));

        filter.Tell(new LeasesCommitted([commit], (Action)(() => ran.SetResult(_runner.Calls.Count))), TestActor);

        Assert.Equal(callsBefore + 1, await ran.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct));
        ExpectNoMsg(TimeSpan.FromMilliseconds(200), Ct);
    }

    [Fact]
    public void When_nft_fails_an_action_confirmation_is_not_run()
    {
        var filter = Start(new FilterContents([], []));
        _runner.Reply(exitCode: 1, stderr: "Error: Could not process rule");
        var ran = false;

        filter.Tell(new LeasesCommitted([new LeaseCommitted(Address, Mac, null, "vif7.0", null, LeaseNameSource.None, At, At.AddDays(3))], (Action)(() => ran = true)), TestActor);

        // A reinstall asked for now joins the failed transaction or waits for the retry's; once one succeeds, the failure is over.
        object answer;
        do
        {
            filter.Tell(Reinstall.Instance, TestActor);
            answer = ExpectMsg<object>(BridgeFilterActor.RetryDelay * 3, cancellationToken: Ct);
        }
        while (answer is FilterFailed);

        Assert.IsType<FilterApplied>(answer);
        Assert.False(Volatile.Read(ref ran));
    }

    [Fact]
    public void When_nft_fails_the_commit_is_not_confirmed_and_the_port_is_told()
    {
        var filter = Start(new FilterContents([], []));
        filter.Tell(new PortOnline("vif9.0", Mac), TestActor);
        ExpectMsg<FilterApplied>(cancellationToken: Ct);
        _runner.Reply(exitCode: 1, stderr: "Error: Could not process rule");
        _runner.Reply(exitCode: 1, stderr: "Error: Could not process rule");

        filter.Tell(new LeasesCommitted([new LeaseCommitted(Address, Mac, null, "vif9.0", null, LeaseNameSource.None, At, At.AddDays(3))], "ack"), TestActor);
        filter.Tell(new PortOnline("vif10.0", MacAddress.Parse("00:16:3e:00:00:0a")), TestActor);

        Assert.Equal("nft failed: Error: Could not process rule", ExpectMsg<FilterFailed>(BridgeFilterActor.RetryDelay * 2, cancellationToken: Ct).Reason);
        ExpectNoMsg(TimeSpan.FromMilliseconds(300), Ct);
    }

    [Fact]
    public void An_invalid_port_is_refused_without_running_nft()
    {
        var filter = Start(new FilterContents([], []));
        var calls = _runner.Calls.Count;

        filter.Tell(new PortOnline("vif1\";", Mac), TestActor);

        Assert.Contains("port name", ExpectMsg<FilterFailed>(cancellationToken: Ct).Reason, StringComparison.Ordinal);
        Assert.Equal(calls, _runner.Calls.Count);
    }

    private IActorRef Start(FilterContents contents)
    {
        var filter = Sys.ActorOf(BridgeFilterActor.Props(_runner, _ => Task.FromResult(contents)));
        filter.Tell(Reinstall.Instance, TestActor);
        ExpectMsg<FilterApplied>(cancellationToken: Ct);
        return filter;
    }
}
