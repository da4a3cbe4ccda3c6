namespace XenMesh.Node.Dhcp.Codec;

/// <summary>
/// An option holding text, one char per octet (see <see cref="Latin1"/>), at least one octet.
/// The text is kept exactly as sent: a host name may carry a trailing NUL, sanitising is the
/// server's business.
/// </summary>
public abstract record TextOption : DhcpOption
{
    private protected TextOption(string text) => Text = Latin1.Require(text, nameof(text), 1, DhcpLimits.MaxOptionDataBytes);

    public string Text { get; }

    /// <summary>One octet per char (<see cref="Latin1"/>).</summary>
    internal override int DataLength => Text.Length;

    internal override void WriteData(Span<byte> destination) => Latin1.Encode(Text, destination);
}

/// <summary>Option 12.</summary>
public sealed record HostNameOption(string Text) : TextOption(Text)
{
    public override DhcpOptionCode Code => DhcpOptionCode.HostName;
}

/// <summary>Option 15.</summary>
public sealed record DomainNameOption(string Text) : TextOption(Text)
{
    public override DhcpOptionCode Code => DhcpOptionCode.DomainName;
}

/// <summary>Option 56: an error text, in a NAK.</summary>
public sealed record MessageOption(string Text) : TextOption(Text)
{
    public override DhcpOptionCode Code => DhcpOptionCode.Message;
}
