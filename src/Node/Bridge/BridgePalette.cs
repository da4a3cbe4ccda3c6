using System.Globalization;
using Akka.Actor;
using Akka.Hosting;
using XenMesh.Messages.Commands;
using XenMesh.Node.Commands;
using XenMesh.Node.Configuration;
using static XenMesh.Node.Bridge.BridgeProtocol;

namespace XenMesh.Node.Bridge;

/// <summary><c>bridge show [-H host]</c>: the bridge as the <see cref="BridgeActor"/>'s latest check found it.</summary>
public sealed class BridgePalette(IRequiredActor<BridgeActor> bridge, XenMeshSettings settings) : ICommandPalette
{
    // A check runs a handful of short programs, each bounded by the process runner's own timeout.
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(30);

    public PaletteDefinition Definition { get; } = new(
        "bridge",
        "The guest bridge this host owns",
        [
            new CommandDefinition(
                "show",
                "Bridge state: address, up, tx offload, ports, physical ports (must be none)",
                [new ArgumentDefinition("host", "Host id of the dom0 to show (this version answers for the local host only)", ["-H"])]),
        ]);

    public async Task ExecuteAsync(CommandInvocation invocation, ICommandOutput output, CancellationToken ct)
    {
        if (invocation.Command != "show")
            throw new CommandFailedException($"bridge has no command '{invocation.Command}'");
        var hostId = settings.Host.Id;
        if (invocation.Get("host") is { } host && host != hostId)
            throw new CommandFailedException($"host '{host}' is not this node ('{hostId}'); other hosts cannot be queried from here yet");

        var actor = await bridge.GetAsync(ct).ConfigureAwait(false);
        var status = await actor.Ask<BridgeStatus>(GetStatus.Instance, AskTimeout, ct).ConfigureAwait(false);
        if (invocation.Json)
        {
            await output.WriteRecordAsync(BridgeShowRecord.From(hostId, status), ct).ConfigureAwait(false);
            return;
        }

        foreach (var line in ToLines(hostId, status))
            await output.WriteLineAsync(line, ct).ConfigureAwait(false);
    }

    /// <summary>Key: value lines, then one <c>port | state | mac</c> line per port and a count.</summary>
    public static IEnumerable<string> ToLines(string hostId, BridgeStatus status)
    {
        yield return $"host: {hostId}";
        yield return $"name: {status.Name}";
        yield return status.Addresses.Count == 0
            ? $"address: none (configured {status.ConfiguredAddress})"
            : $"address: {string.Join(", ", status.Addresses)}";
        yield return $"state: {status.State}";
        yield return $"tx-checksumming: {status.TxChecksumming switch { true => "on", false => "off", null => "unknown" }}";
        yield return $"physical ports: {(status.PhysicalPorts.Count == 0 ? "none" : string.Join(", ", status.PhysicalPorts))}";
        yield return $"checked: {status.CheckedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)}";
        if (status.Problem is { } problem)
            yield return $"problem: {problem}";
        foreach (var port in status.Ports)
            yield return $"{port.Name} | {port.State} | {port.Mac ?? "-"}{(port.Physical ? " | physical" : "")}";
        yield return $"Count: {status.Ports.Count.ToString(CultureInfo.InvariantCulture)} {(status.Ports.Count == 1 ? "port" : "ports")}";
    }
}
