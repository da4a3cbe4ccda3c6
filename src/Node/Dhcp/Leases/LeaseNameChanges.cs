using System.Net;
using Akka.Actor;
using XenMesh.Messages.Leases;
using XenMesh.Messages.Values;

namespace XenMesh.Node.Dhcp.Leases;

/// <summary>
/// Name changes the lease pool publishes on the ActorSystem's EventStream once the events behind them
/// are journaled, for the DNS side to claim and withdraw names. Subscribe to
/// <see cref="ILeaseNameChange"/> to get both kinds in journal order. A renewal that keeps address and
/// name publishes nothing; a rename publishes the unbinding of the old name, then the binding of the new.
/// </summary>
public static class LeaseNameChanges
{
    /// <summary>A lease's DNS name appeared or went away.</summary>
    public interface ILeaseNameChange : INoSerializationVerificationNeeded
    {
        /// <summary>The lower-case DNS label (without the mesh domain).</summary>
        string Name { get; }

        /// <summary>The lease's address.</summary>
        IPAddress Address { get; }

        /// <summary>The lease's hardware address.</summary>
        MacAddress Mac { get; }
    }

    /// <summary><paramref name="Name"/> now points at <paramref name="Address"/>.</summary>
    /// <param name="Name">The lower-case DNS label.</param>
    /// <param name="Address">The lease's address.</param>
    /// <param name="Mac">The lease's hardware address.</param>
    /// <param name="Vif">The guest port, or null for a relayed client.</param>
    /// <param name="Source">Where the name came from.</param>
    /// <param name="BoundSince">When the client first got the address: the claim's original time for name ownership.</param>
    /// <param name="Expires">When the lease ends unless renewed.</param>
    public sealed record LeaseNameBound(
        string Name,
        IPAddress Address,
        MacAddress Mac,
        string? Vif,
        LeaseNameSource Source,
        DateTimeOffset BoundSince,
        DateTimeOffset Expires) : ILeaseNameChange;

    /// <summary><paramref name="Name"/> no longer points at <paramref name="Address"/> (release, expiry, decline, rename, move).</summary>
    public sealed record LeaseNameUnbound(string Name, IPAddress Address, MacAddress Mac, string? Vif) : ILeaseNameChange;
}
