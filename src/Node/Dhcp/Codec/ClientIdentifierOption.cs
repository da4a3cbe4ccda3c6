namespace XenMesh.Node.Dhcp.Codec;

/// <summary>Option 61: a type octet and at least one octet of identifier, echoed in every reply (RFC 6842).</summary>
public sealed record ClientIdentifierOption : DhcpOption
{
    public ClientIdentifierOption(EquatableArray<byte> value)
    {
        if (value.Count < 2)
            throw new ArgumentException("a client identifier is a type octet and at least one more octet", nameof(value));
        Value = value;
    }

    /// <summary>The whole option data, type octet first.</summary>
    public EquatableArray<byte> Value { get; }

    /// <summary>1 for an Ethernet address, 255 for RFC 4361 IAID/DUID, 0 for free text.</summary>
    public byte Type => Value[0];

    public override DhcpOptionCode Code => DhcpOptionCode.ClientIdentifier;

    internal override int DataLength => Value.Count;

    internal override void WriteData(Span<byte> destination) => Value.AsSpan().CopyTo(destination);
}
