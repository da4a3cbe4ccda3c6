namespace XenMesh.Node.Dhcp.Codec;

/// <summary>
/// Reply policy: which of the server's options a reply carries, in which order (D6, D11, D13, D15,
/// RFC 2131 Table 3), and how large it may be (D8, D12). The order is also the priority the encoder
/// drops by when a reply does not fit.
/// </summary>
public static class DhcpReplyOptions
{
    /// <summary>Every client accepts an IP datagram of this size (RFC 2131 §2).</summary>
    public const int MinimumDatagramSize = 576;

    public const int EthernetMtu = 1500;

    // Protocol options come first: the client did not ask for them but cannot do without them.
    private static readonly DhcpOptionCode[] Protocol =
    [
        DhcpOptionCode.MessageType, DhcpOptionCode.ServerIdentifier, DhcpOptionCode.LeaseTime, DhcpOptionCode.RenewalTime,
        DhcpOptionCode.RebindingTime, DhcpOptionCode.Message, DhcpOptionCode.ClientIdentifier, DhcpOptionCode.ClientFqdn,
    ];

    private static readonly DhcpOptionCode[] Nak =
        [DhcpOptionCode.MessageType, DhcpOptionCode.ServerIdentifier, DhcpOptionCode.Message, DhcpOptionCode.ClientIdentifier];

    private static readonly DhcpOptionCode[] AlwaysSent =
        [DhcpOptionCode.SubnetMask, DhcpOptionCode.Router, DhcpOptionCode.DomainNameServer, DhcpOptionCode.DomainName];

    /// <summary>
    /// Picks from <paramref name="serverOptions"/> (which must include option 53): a NAK gets 53, 54,
    /// 56 and 61 only. Any other reply gets, in this order: the protocol options 53, 54, 51, 58, 59,
    /// 56, 61, 81 that the server gave; then every option the client asked for in option 55, in the
    /// order it asked; then 1, 3, 6 and 15 if it did not ask for them. Answers to INFORM never carry
    /// 51, 58 or 59; no reply carries 82. Server options neither requested nor listed here are left out.
    /// </summary>
    public static DhcpOptionSet Select(DhcpMessage request, IEnumerable<DhcpOption> serverOptions)
    {
        ArgumentNullException.ThrowIfNull(request);
        var available = new DhcpOptionSet(serverOptions);
        var replyType = available.Get<MessageTypeOption>()?.Type
            ?? throw new ArgumentException("a reply needs option 53", nameof(serverOptions));
        var answersInform = request.MessageType == DhcpMessageType.Inform;

        // Runs for every reply: a stack bitmap and plain loops rather than a closure and delegates.
        var chosen = new List<DhcpOption>(available.Count);
        Span<bool> taken = stackalloc bool[256];
        if (replyType == DhcpMessageType.Nak)
        {
            TakeAll(Nak, available, answersInform, taken, chosen);
            return new DhcpOptionSet(chosen);
        }

        TakeAll(Protocol, available, answersInform, taken, chosen);
        TakeAll((request.Options.Get<ParameterRequestListOption>()?.Codes ?? default).AsSpan(), available, answersInform, taken, chosen);
        TakeAll(AlwaysSent, available, answersInform, taken, chosen);
        return new DhcpOptionSet(chosen);
    }

    /// <summary>
    /// The DHCP payload limit for a reply to <paramref name="request"/>: option 57 (an IP datagram
    /// size; below 576 means 576) or 576, capped by the link MTU, less the IP and UDP headers.
    /// </summary>
    public static int MaxReplyLength(DhcpMessage request, int linkMtu = EthernetMtu)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfLessThan(linkMtu, MinimumDatagramSize);
        var datagram = Math.Max(MinimumDatagramSize, (int)(request.Options.Get<MaxMessageSizeOption>()?.Size ?? 0));
        return Math.Min(datagram, linkMtu) - DhcpLimits.IpAndUdpHeaderLength;
    }

    /// <summary>Adds to <paramref name="chosen"/> each of <paramref name="codes"/> that the server gave and that is not taken yet.</summary>
    private static void TakeAll(ReadOnlySpan<DhcpOptionCode> codes, DhcpOptionSet available, bool answersInform, Span<bool> taken, List<DhcpOption> chosen)
    {
        foreach (var code in codes)
        {
            if (taken[(byte)code] || code == DhcpOptionCode.RelayAgentInformation || (answersInform && IsLeaseTime(code)))
                continue;
            taken[(byte)code] = true;
            if (available.Find(code) is { } option)
                chosen.Add(option);
        }
    }

    private static bool IsLeaseTime(DhcpOptionCode code) =>
        code is DhcpOptionCode.LeaseTime or DhcpOptionCode.RenewalTime or DhcpOptionCode.RebindingTime;
}
