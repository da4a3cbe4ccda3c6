using XenMesh.Messages.Values;

namespace XenMesh.Node.Configuration;

/// <summary>The DHCP pool on the guest bridge.</summary>
public sealed class DhcpSettings
{
    /// <summary>First address handed out; default the first host address of the bridge subnet.</summary>
    public string? RangeStart { get; set; }

    /// <summary>Last address handed out; default the last host address of the bridge subnet.</summary>
    public string? RangeEnd { get; set; }

    /// <summary>Lease time offered to guests.</summary>
    public TimeSpan LeaseTime { get; set; } = TimeSpan.FromDays(3);

    /// <summary>NAK requests for addresses this server does not know (it is the only server on the bridge).</summary>
    public bool Authoritative { get; set; } = true;

    /// <summary>How long an offered address is held for the client before another may get it.</summary>
    public TimeSpan OfferTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a declined (conflicting) address stays out of the pool.</summary>
    public TimeSpan QuarantineTime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often expired leases are reaped.</summary>
    public TimeSpan ExpirySweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Per-vif abuse limits (protocol-rules L4).</summary>
    public DhcpLimitSettings Limits { get; set; } = new();

    /// <summary>
    /// Static reservations. A bad entry is skipped with a warning at start, never fatal (protocol-rules L6);
    /// see <see cref="SettingsValidator.ValidateReservations"/>.
    /// </summary>
    public List<DhcpReservationSettings> Reservations { get; set; } = [];

    /// <summary>
    /// The first and last address of the dynamic range as host-order numbers: the configured ends, else the
    /// first and last host address of <paramref name="subnet"/>. Only for settings that passed validation.
    /// </summary>
    public (uint First, uint Last) EffectiveRange(Ipv4Subnet subnet) =>
        (RangeStart is null ? subnet.Network + 1 : Parse(RangeStart),
         RangeEnd is null ? (subnet.Network | ~subnet.Mask) - 1 : Parse(RangeEnd));

    private static uint Parse(string address) =>
        Ipv4Interface.TryParseAddress(address, out var parsed)
            ? Ipv4Subnet.ToUInt32(parsed)
            : throw new InvalidOperationException($"'{address}' is not an IPv4 address; validate the settings first");
}
