using System.Net;

namespace XenMesh.Node.Dhcp.Codec;

/// <summary>
/// A DHCPv4 message (RFC 2131 §2): the fixed BOOTP header and the options. The codec keeps every
/// header field as received; which values are acceptable (op 1, htype 1, hlen 6, hops 0 ...) is the
/// server's decision. When the options overload <c>sname</c> or <c>file</c>, their options are in
/// <see cref="Options"/> and the field's text is empty.
/// </summary>
public sealed record DhcpMessage
{
    /// <summary>The longest <see cref="ServerName"/> (the <c>sname</c> field, no terminating NUL needed).</summary>
    public const int ServerNameLength = 64;

    /// <summary>The longest <see cref="BootFileName"/> (the <c>file</c> field).</summary>
    public const int BootFileNameLength = 128;

    public DhcpOperation Operation { get; init; } = DhcpOperation.BootRequest;

    /// <summary><c>htype</c>: 1 for Ethernet.</summary>
    public byte HardwareType { get; init; } = 1;

    /// <summary><c>hlen</c>: 6 for Ethernet.</summary>
    public byte HardwareAddressLength { get; init; } = 6;

    public byte Hops { get; init; }

    /// <summary><c>xid</c>.</summary>
    public uint TransactionId { get; init; }

    /// <summary><c>secs</c>: seconds since the client began acquiring or renewing.</summary>
    public ushort Seconds { get; init; }

    public DhcpFlagBits Flags { get; init; }

    /// <summary><c>ciaddr</c>: set by a client that has an address (RENEWING, REBINDING, INFORM, RELEASE).</summary>
    public IPAddress ClientAddress { get; init => field = Ipv4.Require(value, nameof(ClientAddress)); } = IPAddress.Any;

    /// <summary><c>yiaddr</c>: the address a server offers or confirms.</summary>
    public IPAddress YourAddress { get; init => field = Ipv4.Require(value, nameof(YourAddress)); } = IPAddress.Any;

    /// <summary><c>siaddr</c>: the next server in bootstrap (TFTP); 0 for XenMesh.</summary>
    public IPAddress ServerAddress { get; init => field = Ipv4.Require(value, nameof(ServerAddress)); } = IPAddress.Any;

    /// <summary><c>giaddr</c>: the relay agent's address; 0 when not relayed.</summary>
    public IPAddress RelayAddress { get; init => field = Ipv4.Require(value, nameof(RelayAddress)); } = IPAddress.Any;

    /// <summary><c>chaddr</c>.</summary>
    public ClientHardwareAddress ClientHardwareAddress { get; init; }

    /// <summary><c>sname</c> up to its first NUL.</summary>
    public string ServerName
    {
        get;
        init => field = RequireField(value, ServerNameLength, nameof(ServerName));
    } = "";

    /// <summary><c>file</c> up to its first NUL.</summary>
    public string BootFileName
    {
        get;
        init => field = RequireField(value, BootFileNameLength, nameof(BootFileName));
    } = "";

    public DhcpOptionSet Options { get; init => field = value ?? throw new ArgumentNullException(nameof(Options)); } = DhcpOptionSet.Empty;

    /// <summary>Option 53, or null for BOOTP.</summary>
    public DhcpMessageType? MessageType => Options.Get<MessageTypeOption>()?.Type;

    public bool IsBroadcast => (Flags & DhcpFlagBits.Broadcast) != 0;

    /// <summary>
    /// A reply skeleton as RFC 2131 Table 3 has it: <c>xid</c>, <c>flags</c>, <c>giaddr</c>,
    /// <c>chaddr</c>, <c>htype</c> and <c>hlen</c> from this request; everything else zero.
    /// </summary>
    public DhcpMessage CreateReply(DhcpOptionSet options) => new()
    {
        Operation = DhcpOperation.BootReply,
        HardwareType = HardwareType,
        HardwareAddressLength = HardwareAddressLength,
        TransactionId = TransactionId,
        Flags = Flags,
        RelayAddress = RelayAddress,
        ClientHardwareAddress = ClientHardwareAddress,
        Options = options,
    };

    private static string RequireField(string value, int length, string parameter)
    {
        Latin1.Require(value, parameter, 0, length);
        return value.Contains('\0', StringComparison.Ordinal)
            ? throw new ArgumentException("a NUL would end the field early", parameter)
            : value;
    }
}
