using System.Globalization;
using XenMesh.Messages.Commands;
using XenMesh.Node.Commands;

namespace XenMesh.Node.Dhcp.Server;

/// <summary>The <c>dhcp</c> palette: the server's counters since the agent started.</summary>
public sealed class DhcpPalette(DhcpServerCounters counters) : ICommandPalette
{
    public PaletteDefinition Definition { get; } = new("dhcp", "the DHCP server on the guest bridge",
    [
        new CommandDefinition("stats", "packets received, dropped (by reason) and answered since the agent started", []),
    ]);

    public async Task ExecuteAsync(CommandInvocation invocation, ICommandOutput output, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        ArgumentNullException.ThrowIfNull(output);
        if (invocation.Command != "stats")
            throw new CommandFailedException($"dhcp has no command '{invocation.Command}'");

        var stats = counters.Snapshot();
        if (invocation.Json)
        {
            await output.WriteRecordAsync(stats, ct).ConfigureAwait(false);
            return;
        }

        foreach (var line in Lines(stats))
            await output.WriteLineAsync(line, ct).ConfigureAwait(false);
    }

    private static IEnumerable<string> Lines(DhcpServerStats stats)
    {
        yield return Line("received", stats.Received);
        foreach (var (type, count) in stats.ReceivedByType)
            yield return Line($"received {type}", count);
        yield return Line("offers", stats.Offers);
        yield return Line("acks", stats.Acks);
        yield return Line("naks", stats.Naks);
        yield return Line("inform acks", stats.InformAcks);
        yield return Line("pool full", stats.PoolFull);
        foreach (var (reason, count) in stats.Dropped)
            yield return Line($"dropped {reason}", count);
        foreach (var (reason, count) in stats.NotAnswered)
            yield return Line($"not answered {reason}", count);
        yield return Line("send failures", stats.SendFailures);
    }

    private static string Line(string key, long value) => string.Create(CultureInfo.InvariantCulture, $"{key}: {value}");
}
