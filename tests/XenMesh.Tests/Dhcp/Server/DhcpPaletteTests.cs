using System.Net;
using XenMesh.Node.Commands;
using XenMesh.Node.Commands.Server;
using XenMesh.Node.Dhcp.Codec;
using XenMesh.Node.Dhcp.Leases;
using XenMesh.Node.Dhcp.Server;
using XenMesh.Tests.Bridge;
using static XenMesh.Node.Dhcp.Leases.LeasePoolProtocol;

namespace XenMesh.Tests.Dhcp.Server;

public sealed class DhcpPaletteTests : IDisposable
{
    private readonly DhcpServerCounters _counters = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _counters.Dispose();

    [Fact]
    public async Task Stats_counts_what_was_received_dropped_and_answered()
    {
        for (var i = 0; i < 6; i++)
            _counters.Received();
        _counters.Received(DhcpMessageType.Discover);
        _counters.Received(DhcpMessageType.Discover);
        _counters.Received(DhcpMessageType.Request);
        _counters.Received((DhcpMessageType)42);
        _counters.Malformed(DhcpFormatError.OptionOverrun);
        _counters.Dropped(DhcpDropReason.NotFromGuestPort);
        _counters.Answered(new LeaseOffer(null!));
        _counters.Answered(new LeaseAck(null!));
        _counters.Answered(new NoAnswer(NoAnswerReason.PoolExhausted));
        _counters.Answered(new NoAnswer(NoAnswerReason.Released));
        _counters.SendFailed();

        var output = await RunAsync(json: false);

        Assert.Equal(
            [
                "received: 6",
                "received Discover: 2",
                "received Request: 1",
                "received Unknown: 1",
                "offers: 1",
                "acks: 1",
                "naks: 0",
                "inform acks: 0",
                "pool full: 1",
                "dropped MalformedOptionOverrun: 1",
                "dropped NotFromGuestPort: 1",
                "not answered PoolExhausted: 1",
                "not answered Released: 1",
                "send failures: 1",
            ],
            output.Lines);
    }

    [Fact]
    public async Task Stats_with_j_is_one_record()
    {
        _counters.Received();

        var output = await RunAsync(json: true);

        var stats = Assert.IsType<DhcpServerStats>(Assert.Single(output.Records));
        Assert.Equal(1, stats.Received);
    }

    [Fact]
    public void The_definition_passes_the_command_host_rules() =>
        Assert.Empty(PaletteDefinitionRules.Check([new DhcpPalette(_counters).Definition]));

    private async Task<CollectingOutput> RunAsync(bool json)
    {
        var output = new CollectingOutput();
        await new DhcpPalette(_counters).ExecuteAsync(
            new CommandInvocation("dhcp", "stats", new Dictionary<string, IReadOnlyList<string?>>(), json, new IPEndPoint(IPAddress.Loopback, 50000)),
            output,
            Ct);
        return output;
    }
}
