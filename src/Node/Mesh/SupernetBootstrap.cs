using System.Net;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Serilog;
using XenMesh.Cluster.Bootstrap;
using XenMesh.Cluster.Hosts;
using XenMesh.Messages.Values;
using XenMesh.Node.Configuration;
using static XenMesh.Messages.Hosts.SupernetMessages;

namespace XenMesh.Node.Mesh;

/// <summary>
/// Gives a dom0 configured with <c>bridge.supernet</c> and no <c>bridge.address</c> its /24 before anything else
/// reads the settings: the one kept in its state directory, or at its first start one from the mesh's supernet
/// registry, stored durably before it is used. The bridge address becomes the /24's .254, and from then on the
/// agent (bridge, DHCP range, DNS reverse zone, host record, routes) runs exactly as if it had been configured.
/// </summary>
internal static class SupernetBootstrap
{
    /// <summary>How long a first start waits for the mesh to answer before it gives up.</summary>
    public static readonly TimeSpan AnswerTimeout = TimeSpan.FromMinutes(2);

    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Sets <c>bridge.address</c> of <paramref name="settings"/> from the assigned /24 when it is to come from the
    /// supernet, and validates the result; returns the settings, or the errors (keyed <c>bridge.supernet</c> when
    /// no /24 could be had).
    /// </summary>
    public static async Task<(XenMeshSettings? Settings, IReadOnlyList<ConfigError> Errors)> ResolveAsync(XenMeshSettings settings, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!settings.Bridge.AssignsAddress)
            return (settings, []);

        if (!Ipv4Subnet.TryParse(settings.Bridge.Supernet, out var supernet, out var error))
            throw new ArgumentException($"bridge.supernet: {error}; validate the settings first", nameof(settings));
        var (subnet, refusal) = await SubnetOfAsync(settings, supernet, ct).ConfigureAwait(false);
        if (subnet is not { } assigned)
            return (null, [new ConfigError("bridge.supernet", refusal!)]);

        settings.Bridge.Address = $"{BridgeAddressIn(assigned)}/{assigned.PrefixLength}";
        settings.Bridge.AddressGiven = true;
        var errors = SettingsValidator.Validate(settings);
        return errors.Count > 0 ? (null, errors) : (settings, []);
    }

    /// <summary>The bridge's address in an assigned /24: its .254, as the original setup's 192.168.0.254.</summary>
    public static IPAddress BridgeAddressIn(Ipv4Subnet subnet) => Ipv4Subnet.ToAddress(subnet.Network + 254);

    private static async Task<(Ipv4Subnet? Subnet, string? Refusal)> SubnetOfAsync(XenMeshSettings settings, Ipv4Subnet supernet, CancellationToken ct)
    {
        var directory = settings.Host.StateDirectory;
        var path = StoredSubnetFile.PathIn(directory);
        StoredSubnet? stored;
        try
        {
            stored = StoredSubnetFile.Read(directory);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            return (null, $"{e.Message}; delete it to have a /24 assigned again, or set bridge.address");
        }

        if (stored is not null)
        {
            if (Ipv4Subnet.TryParse(stored.Subnet, out var kept, out _) && SupernetAllocation.IsSlotOf(supernet, kept) && stored.HostId == settings.Host.Id)
            {
                Log.Information("Host {HostId} keeps {Subnet} of supernet {Supernet} (stored in {Path})", settings.Host.Id, kept, supernet, path);
                return (kept, null);
            }

            return (null, $"this host holds {stored.Subnet} of {stored.Supernet} for host {stored.HostId} ({path}), not a /24 of {supernet} for {settings.Host.Id}; delete the file to have a new /24 assigned, or set bridge.address");
        }

        var answer = await AskMeshAsync(settings, supernet, ct).ConfigureAwait(false);
        if (answer is null)
            return (null, $"no answer from the mesh's supernet registry within {AnswerTimeout.TotalSeconds:F0} s; a first start needs a reachable mesh (cluster.seeds), or set bridge.address");
        if (answer.Subnet is null || !Ipv4Subnet.TryParse(answer.Subnet, out var subnet, out _))
            return (null, $"'{supernet}' is exhausted: {answer.Refusal}");

        // Durable before use: a host that used a /24 it had not stored could come back without it.
        StoredSubnetFile.Write(directory, new StoredSubnet(settings.Host.Id, supernet.ToString(), subnet.ToString(), DateTimeOffset.UtcNow));
        Log.Information("Host {HostId} was assigned {Subnet} of supernet {Supernet}; stored in {Path}", settings.Host.Id, subnet, supernet, path);
        return (subnet, null);
    }

    /// <summary>
    /// Joins the mesh with a short-lived member that starts only the supernet registry, asks until answered or
    /// <see cref="AnswerTimeout"/>, then leaves gracefully (its shards are handed over) before the agent's own
    /// mesh binds the same address.
    /// </summary>
    private static async Task<SubnetAssigned?> AskMeshAsync(XenMeshSettings settings, Ipv4Subnet supernet, CancellationToken ct)
    {
        var options = MeshAgentHosting.MeshOptionsFor(settings, witness: false);
        using var host = MeshIncarnations.BuildMeshHost(akka => akka
            .WithXenMeshCluster(options)
            .WithSupernetRegistry(TimeProvider.System));
        await host.StartAsync(ct).ConfigureAwait(false);
        try
        {
            var deadline = DateTimeOffset.UtcNow + AnswerTimeout;
            // Up first: a member that has just joined has a replicator that knows no peers yet, so an entity started
            // on it would read the host registry from a "majority" of itself and see no host.
            var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Akka.Cluster.Cluster.Get(host.Services.GetRequiredService<ActorSystem>()).RegisterOnMemberUp(() => up.TrySetResult());
            try
            {
                await up.Task.WaitAsync(AnswerTimeout, ct).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                return null;
            }

            Log.Information("Host {HostId} asks the mesh for a /24 of {Supernet}", settings.Host.Id, supernet);
            var region = host.Services.GetRequiredService<ActorRegistry>().Get<SupernetRegistry>();
            var request = new AssignSubnet(supernet.ToString(), settings.Host.Id);
            while (DateTimeOffset.UtcNow < deadline)
            {
                try
                {
                    return await region.Ask<SubnetAssigned>(request, AskTimeout, ct).ConfigureAwait(false);
                }
                catch (AskTimeoutException)
                {
                    Log.Information("No answer yet from the supernet registry; asking again");
                }
            }

            return null;
        }
        finally
        {
            await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }
}
