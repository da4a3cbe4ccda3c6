using System.Globalization;
using Akka.Actor;
using Akka.Hosting;
using XenMesh.Messages.Commands;
using XenMesh.Node.Commands;
using XenMesh.Node.Configuration;
using XenMesh.Node.Rip;
using static XenMesh.Node.Rip.Speaker.RipSpeakerProtocol;

namespace XenMesh.Node.Routes;

/// <summary>
/// The <c>route</c> palette: the routes each LAN gateway should have, with what its RIP speaker does with
/// each (<c>show</c>), and the mesh table as static configuration for gateways that speak no RIP (<c>export</c>).
/// </summary>
public sealed class RoutePalette(IRouteTableSource source, ActorRegistry registry, RipSpeakerSet speakers, XenMeshSettings settings) : ICommandPalette
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public PaletteDefinition Definition { get; } = new("route", "routes the LAN gateway learns to the guest subnets",
    [
        new CommandDefinition("show", "every route with its next hop, host and state per gateway", []),
        new CommandDefinition("stats", "RIP packets sent by kind, received, dropped by reason, send failures, since the agent started", []),
        new CommandDefinition(
            "export",
            "the table as static routes for a gateway without RIP",
            [new("format", $"one of: {string.Join(", ", RouteExport.FormatNames)}", ["-f", "-format"], IsMandatory: true, DefaultValues: RouteExport.FormatNames)]),
    ]);

    public async Task ExecuteAsync(CommandInvocation invocation, ICommandOutput output, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        ArgumentNullException.ThrowIfNull(output);
        switch (invocation.Command)
        {
            case "show":
                await ShowAsync(invocation, output, ct).ConfigureAwait(false);
                break;
            case "export":
                await ExportAsync(invocation, output, ct).ConfigureAwait(false);
                break;
            case "stats":
                await StatsAsync(invocation, output, ct).ConfigureAwait(false);
                break;
            default:
                throw new CommandFailedException($"route has no command '{invocation.Command}'");
        }
    }

    private async Task ExportAsync(CommandInvocation invocation, ICommandOutput output, CancellationToken ct)
    {
        var name = invocation.Get("format");
        if (!RouteExport.TryParseFormat(name, out var format))
            throw new CommandFailedException($"-f '{name}' is not one of: {string.Join(", ", RouteExport.FormatNames)}");
        var table = await source.CurrentAsync(ct).ConfigureAwait(false);
        foreach (var line in RouteExport.Render(table, format))
            await output.WriteLineAsync(line, ct).ConfigureAwait(false);
    }

    private async Task StatsAsync(CommandInvocation invocation, ICommandOutput output, CancellationToken ct)
    {
        if (!registry.TryGet<RipSpeaker>(out var speaker))
            throw new CommandFailedException("the RIP speaker is not running (rip.enabled is false)");
        var stats = (await speaker.Ask<SpeakerStatus>(GetStatus.Instance, Timeout, ct).ConfigureAwait(false)).Stats;
        if (invocation.Json)
        {
            await output.WriteRecordAsync(stats, ct).ConfigureAwait(false);
            return;
        }

        await output.WriteLineAsync($"sent: {Pairs(stats.Sent)}", ct).ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"received: {stats.Received}"), ct).ConfigureAwait(false);
        await output.WriteLineAsync($"dropped: {Pairs(stats.Dropped)}", ct).ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"send failures: {stats.SendFailures}"), ct).ConfigureAwait(false);
    }

    private static string Pairs(IReadOnlyDictionary<string, long> counts) =>
        counts.Count == 0 ? "none" : string.Join(", ", counts.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key} {c.Value}")));

    private async Task ShowAsync(CommandInvocation invocation, ICommandOutput output, CancellationToken ct)
    {
        var rows = await RowsAsync(ct).ConfigureAwait(false);
        foreach (var row in rows)
        {
            if (invocation.Json)
                await output.WriteRecordAsync(row, ct).ConfigureAwait(false);
            else
                await output.WriteLineAsync($"{row.Subnet} | via {row.NextHop} | {row.Host} | {row.Gateway} | {row.State}", ct).ConfigureAwait(false);
        }

        if (!invocation.Json)
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Count: {rows.Count} routes"), ct).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<RouteShowJson>> RowsAsync(CancellationToken ct)
    {
        if (speakers.All.Count == 0)
        {
            var table = await source.CurrentAsync(ct).ConfigureAwait(false);
            return [.. RipSettings.GatewaysOf(settings).SelectMany(gateway => table.Routes.Select(r => new RouteShowJson(
                r.Subnet.ToString(), r.NextHop.ToString(), r.Host, gateway, r.Withdrawn ? "withdrawn" : "static only (rip disabled)", null, null)))];
        }

        var rows = new List<RouteShowJson>();
        var now = DateTimeOffset.UtcNow;
        foreach (var (gateway, speaker) in speakers.All)
        {
            var status = await speaker.Ask<SpeakerStatus>(GetStatus.Instance, Timeout, ct).ConfigureAwait(false);
            var via = $"{gateway} (rip to {status.Destination.Address} on {status.Device})";
            rows.AddRange(status.Routes.Select(a => new RouteShowJson(
                a.Route.Subnet.ToString(), a.Route.NextHop.ToString(), a.Route.Host, via, StateOf(a, status.Listening, now), a.Metric, a.LastSent)));
        }

        return rows;
    }

    private static string StateOf(AnnouncedRoute route, bool listening, DateTimeOffset now)
    {
        if (!listening)
            return "waiting for the lan interface";
        var what = route.Route.Withdrawn
            ? "withdrawn (metric 16)"
            : string.Create(CultureInfo.InvariantCulture, $"announced (metric {route.Metric})");
        return route.LastSent is { } sent
            ? string.Create(CultureInfo.InvariantCulture, $"{what}, sent {(int)(now - sent).TotalSeconds} s ago")
            : $"{what}, not sent yet";
    }
}

/// <summary>One route as <c>route show -j</c> prints it.</summary>
/// <param name="Subnet">The guest subnet.</param>
/// <param name="NextHop">The host's LAN address.</param>
/// <param name="Host">The host id.</param>
/// <param name="Gateway">The gateway and how it is told.</param>
/// <param name="State">announced, withdrawn, static only...</param>
/// <param name="Metric">The RIP metric sent, null without RIP.</param>
/// <param name="LastSent">When the route last left in an update, null without RIP or before the first.</param>
public sealed record RouteShowJson(string Subnet, string NextHop, string Host, string Gateway, string State, int? Metric, DateTimeOffset? LastSent);
