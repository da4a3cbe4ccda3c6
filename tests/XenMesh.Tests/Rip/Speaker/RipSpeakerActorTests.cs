using System.Diagnostics;
using System.Net;
using Akka.Actor;
using XenMesh.Messages.Values;
using XenMesh.Node.Rip.Codec;
using XenMesh.Node.Rip.Speaker;
using XenMesh.Node.Routes;
using XenMesh.Tests.Rip.Codec;
using static XenMesh.Node.Rip.Speaker.RipSpeakerProtocol;

namespace XenMesh.Tests.Rip.Speaker;

/// <summary>
/// The real speaker actor on real UDP sockets over loopback, in unicast mode to a listener standing in
/// for the gateway (multicast, the RIP port and BIRD are the integration tests' business).
/// </summary>
public sealed class RipSpeakerActorTests : Akka.TestKit.Xunit.TestKit, IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private static readonly IPAddress Kubikal = IPAddress.Parse("192.168.11.100");
    private static readonly IPAddress Rack2 = IPAddress.Parse("192.168.11.101");
    private static readonly DesiredRoute Own = new(new Ipv4Subnet(0xC0A80000, 24), Kubikal, "kubikal");
    private static readonly DesiredRoute Other = new(new Ipv4Subnet(0xC0A80100, 24), Rack2, "rack2");

    private readonly UdpListener _gateway = new();
    private readonly RipSpeakerCounters _counters = new();
    private readonly int _port = UdpListener.FreePort();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task It_announces_its_table_at_start_and_again_every_interval()
    {
        StartSpeaker(new RouteTable([Own, Other]), TimeSpan.FromSeconds(1));

        var (packet, from) = await _gateway.ReceiveRawAsync(Wait, Ct);
        var first = RipDecoder.Decode(packet);
        var clock = Stopwatch.StartNew();
        var second = await _gateway.ReceiveAsync(Wait, Ct);

        Assert.Equal(_port, from.Port);
        Assert.Equal(RipCommand.Response, first.Command);
        Assert.Equal([Entry(Own, 1), Entry(Other, 1)], first.Entries);
        Assert.Equal(first, second);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(600), TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task A_route_that_leaves_the_table_is_withdrawn_at_once_with_metric_16_even_during_the_triggered_update_hold_down()
    {
        var speaker = StartSpeaker(new RouteTable([Own]), TimeSpan.FromMinutes(1));
        await _gateway.ReceiveAsync(Wait, Ct);
        speaker.Tell(new SetRoutes(new RouteTable([Own, Other])));
        var triggered = await _gateway.ReceiveAsync(Wait, Ct);

        // The triggered update started a hold-down of at least 1 s; the withdrawal must not wait for it.
        var clock = Stopwatch.StartNew();
        speaker.Tell(new SetRoutes(new RouteTable([Own])));
        var withdrawal = await _gateway.ReceiveAsync(Wait, Ct);

        Assert.Equal([Entry(Other, 1)], triggered.Entries);
        Assert.Equal([Entry(Other, RipLayout.Infinity)], withdrawal.Entries);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"the withdrawal took {clock.Elapsed}");
        var status = await speaker.Ask<SpeakerStatus>(GetStatus.Instance, Wait, Ct);
        Assert.Equal([1, RipLayout.Infinity], status.Routes.Select(r => r.Metric));
        Assert.Equal((1, 1, 1), (status.Stats.Sent["regular"], status.Stats.Sent["triggered"], status.Stats.Sent["withdrawal"]));
    }

    [Fact]
    public async Task Changes_during_the_hold_down_go_out_together_when_it_ends()
    {
        var third = new DesiredRoute(new Ipv4Subnet(0xC0A80200, 24), IPAddress.Parse("192.168.11.102"), "rack3");
        var speaker = StartSpeaker(new RouteTable([Own]), TimeSpan.FromMinutes(1));
        await _gateway.ReceiveAsync(Wait, Ct);
        speaker.Tell(new SetRoutes(new RouteTable([Own, Other])));
        await _gateway.ReceiveAsync(Wait, Ct);
        var clock = Stopwatch.StartNew();

        speaker.Tell(new SetRoutes(new RouteTable([Own with { NextHop = Rack2 }, Other, third])));
        var batched = await _gateway.ReceiveAsync(Wait, Ct);

        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(6));
        Assert.Equal([new RipRouteEntry(Own.Subnet, Rack2, 1), Entry(third, 1)], batched.Entries);
    }

    [Fact]
    public async Task A_route_marked_withdrawn_is_withdrawn_and_a_new_route_goes_out_in_a_triggered_update()
    {
        var speaker = StartSpeaker(new RouteTable([Own]), TimeSpan.FromMinutes(1));
        await _gateway.ReceiveAsync(Wait, Ct);

        speaker.Tell(new SetRoutes(new RouteTable([Own with { Withdrawn = true }, Other])));
        var first = await _gateway.ReceiveAsync(Wait, Ct);
        var second = await _gateway.ReceiveAsync(Wait, Ct);

        Assert.Equal([Entry(Own, RipLayout.Infinity)], first.Entries);
        Assert.Equal([Entry(Other, 1)], second.Entries);
    }

    [Fact]
    public async Task It_answers_whole_table_and_specific_requests_to_the_asking_port()
    {
        StartSpeaker(new RouteTable([Own]), TimeSpan.FromMinutes(1));
        await _gateway.ReceiveAsync(Wait, Ct);
        var speakerPort = new IPEndPoint(IPAddress.Loopback, _port);

        await _gateway.SendAsync(RipEncoder.Encode(RipMessage.RequestWholeTable()), speakerPort, Ct);
        var whole = await _gateway.ReceiveAsync(Wait, Ct);
        var unknown = new RipRouteEntry(new Ipv4Subnet(0x0A000000, 8), IPAddress.Any, 0);
        await _gateway.SendAsync(RipEncoder.Encode(new RipMessage(RipCommand.Request, [unknown, Entry(Own, 0)])), speakerPort, Ct);
        var specific = await _gateway.ReceiveAsync(Wait, Ct);

        Assert.Equal([Entry(Own, 1)], whole.Entries);
        Assert.Equal([unknown with { Metric = RipLayout.Infinity }, Entry(Own, 1)], specific.Entries);
    }

    [Fact]
    public async Task With_a_key_it_signs_every_packet_and_ignores_unsigned_requests()
    {
        var key = new RipKey(3, GoldenPacketTests.Secret);
        var speaker = StartSpeaker(new RouteTable([Own]), TimeSpan.FromMinutes(1), key);
        var (packet, _) = await _gateway.ReceiveRawAsync(Wait, Ct);

        await _gateway.SendAsync(RipEncoder.Encode(RipMessage.RequestWholeTable()), new IPEndPoint(IPAddress.Loopback, _port), Ct);
        var signedRequest = RipEncoder.Encode(RipMessage.RequestWholeTable(new RipKeyedMd5Authentication(3, 1, 0)));
        RipKeyedMd5.Sign(signedRequest, key.Secret.Span);
        await _gateway.SendAsync(signedRequest, new IPEndPoint(IPAddress.Loopback, _port), Ct);
        var (answer, _) = await _gateway.ReceiveRawAsync(Wait, Ct);

        Assert.True(RipKeyedMd5.Verify(packet, key.Secret.Span));
        Assert.True(RipKeyedMd5.Verify(answer, key.Secret.Span));
        var first = (RipKeyedMd5Authentication)RipDecoder.Decode(packet).Authentication!;
        var second = (RipKeyedMd5Authentication)RipDecoder.Decode(answer).Authentication!;
        Assert.Equal(3, first.KeyId);
        Assert.True(second.SequenceNumber > first.SequenceNumber);
        var status = await speaker.Ask<SpeakerStatus>(GetStatus.Instance, Wait, Ct);
        Assert.Equal(1, status.Stats.Dropped["AuthenticationFailed"]);
    }

    [Fact]
    public async Task Stopping_withdraws_every_route_it_announced_not_only_its_own()
    {
        var speaker = StartSpeaker(new RouteTable([Own, Other]), TimeSpan.FromMinutes(1));
        await _gateway.ReceiveAsync(Wait, Ct);

        await speaker.GracefulStop(Wait);
        var goodbye = await _gateway.ReceiveAsync(Wait, Ct);

        Assert.Equal([Entry(Own, RipLayout.Infinity), Entry(Other, RipLayout.Infinity)], goodbye.Entries);
    }

    [Fact]
    public async Task Each_route_goes_out_with_its_own_metric_and_a_metric_change_is_a_triggered_update()
    {
        var speaker = StartSpeaker(new RouteTable([Own with { Metric = DesiredRoute.OwnMetric }, Other]), TimeSpan.FromMinutes(1));
        var first = await _gateway.ReceiveAsync(Wait, Ct);
        speaker.Tell(new SetRoutes(new RouteTable([Own, Other])));
        var triggered = await _gateway.ReceiveAsync(Wait, Ct);

        Assert.Equal([Entry(Own, 2), Entry(Other, 1)], first.Entries);
        Assert.Equal([Entry(Own, 1)], triggered.Entries);
    }

    [Fact]
    public async Task Responses_it_hears_are_counted_and_ignored()
    {
        var speaker = StartSpeaker(new RouteTable([Own]), TimeSpan.FromMinutes(1));
        await _gateway.ReceiveAsync(Wait, Ct);

        await _gateway.SendAsync(GoldenPacketTests.OneRouteResponse, new IPEndPoint(IPAddress.Loopback, _port), Ct);
        await _gateway.SendAsync([1, 2, 3], new IPEndPoint(IPAddress.Loopback, _port), Ct);

        await Eventually.HoldsAsync(
            async () =>
            {
                var status = await speaker.Ask<SpeakerStatus>(GetStatus.Instance, Wait, Ct);
                return (status.Stats.Received == 2 && status.Stats.Dropped.Count == 2, string.Join(", ", status.Stats.Dropped));
            },
            Wait,
            "both packets counted",
            Ct);
        var status = await speaker.Ask<SpeakerStatus>(GetStatus.Instance, Wait, Ct);
        Assert.Equal(1, status.Stats.Dropped["ResponseIgnored"]);
        Assert.Equal(1, status.Stats.Dropped["MalformedTooShort"]);
        Assert.Equal([Own], status.Routes.Select(r => r.Route));
    }

    public new void Dispose()
    {
        _gateway.Dispose();
        _counters.Dispose();
        base.Dispose();
    }

    private static RipRouteEntry Entry(DesiredRoute route, int metric) => new(route.Subnet, route.NextHop, metric);

    private IActorRef StartSpeaker(RouteTable table, TimeSpan interval, RipKey? key = null)
    {
        var options = new RipSpeakerOptions("lo", _gateway.EndPoint, interval, "kubikal", key, _port);
        var speaker = Sys.ActorOf(RipSpeakerActor.Props(options, _counters));
        speaker.Tell(new SetRoutes(table));
        return speaker;
    }
}
