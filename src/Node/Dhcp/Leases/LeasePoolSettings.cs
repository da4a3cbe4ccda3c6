using XenMesh.Messages.Values;
using XenMesh.Node.Configuration;

namespace XenMesh.Node.Dhcp.Leases;

/// <summary>The lease pool's validated settings, derived from the agent's configuration.</summary>
/// <param name="HostId">The host id; names the pool's journal.</param>
/// <param name="Bridge">The bridge address (the server identifier, never handed out) and the guest subnet.</param>
/// <param name="RangeFirst">First address of the dynamic range (host order).</param>
/// <param name="RangeLast">Last address of the dynamic range (host order).</param>
public sealed record LeasePoolSettings(string HostId, Ipv4Interface Bridge, uint RangeFirst, uint RangeLast)
{
    public TimeSpan LeaseTime { get; init; } = TimeSpan.FromDays(3);

    /// <summary>T1 (option 58) is half the lease time (RFC 2131 §4.4.5).</summary>
    public TimeSpan RenewalTime => LeaseTime * 0.5;

    /// <summary>T2 (option 59) is 0.875 of the lease time.</summary>
    public TimeSpan RebindingTime => LeaseTime * 0.875;

    public bool Authoritative { get; init; } = true;

    public TimeSpan OfferTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan QuarantineTime { get; init; } = TimeSpan.FromHours(1);

    public TimeSpan ExpirySweepInterval { get; init; } = TimeSpan.FromMinutes(1);

    public int LeasesPerVif { get; init; } = 2;

    public int RequestsPerSecond { get; init; } = 10;

    public int RequestBurst { get; init; } = 20;

    public int QuarantinedPerVif { get; init; } = 4;

    public IReadOnlyList<DhcpReservation> Reservations { get; init; } = [];

    /// <summary>The pool for <paramref name="settings"/>, which must have passed <see cref="SettingsValidator.Validate"/>,
    /// and the reservations skipped as bad (protocol-rules L6), for the caller to log.</summary>
    public static (LeasePoolSettings Pool, IReadOnlyList<ConfigError> SkippedReservations) From(XenMeshSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!Ipv4Interface.TryParse(settings.Bridge.Address, out var bridge, out var error))
            throw new ArgumentException($"bridge.address is invalid ({error}); validate the settings first", nameof(settings));
        var (reservations, skipped) = SettingsValidator.ValidateReservations(settings);
        var dhcp = settings.Dhcp;
        var (first, last) = dhcp.EffectiveRange(bridge.Subnet);
        var pool = new LeasePoolSettings(settings.Host.Id, bridge, first, last)
        {
            LeaseTime = dhcp.LeaseTime,
            Authoritative = dhcp.Authoritative,
            OfferTimeout = dhcp.OfferTimeout,
            QuarantineTime = dhcp.QuarantineTime,
            ExpirySweepInterval = dhcp.ExpirySweepInterval,
            LeasesPerVif = dhcp.Limits.LeasesPerVif,
            RequestsPerSecond = dhcp.Limits.RequestsPerSecond,
            RequestBurst = dhcp.Limits.RequestBurst,
            QuarantinedPerVif = dhcp.Limits.QuarantinedPerVif,
            Reservations = reservations,
        };
        return (pool, skipped);
    }
}
