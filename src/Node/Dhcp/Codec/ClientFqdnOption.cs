namespace XenMesh.Node.Dhcp.Codec;

/// <summary>
/// Option 81 (RFC 4702). With <see cref="ClientFqdnFlagBits.Encoded"/> the name is carried in DNS wire
/// format and <see cref="Name"/> ends with a dot when it is fully qualified (a partial name has no
/// root label); without it the name is the octets as sent. RCODE1 and RCODE2 are deprecated: clients
/// send 0, servers 255.
/// </summary>
public sealed record ClientFqdnOption : DhcpOption
{
    /// <summary>The RCODE value a server sends (RFC 4702 §2.2).</summary>
    public const byte ServerRcode = 255;

    public ClientFqdnOption(ClientFqdnFlagBits flags, string name, byte rcode1 = 0, byte rcode2 = 0)
    {
        Flags = flags;
        Name = Latin1.Require(name, nameof(name), 0, DhcpLimits.MaxOptionDataBytes);
        Rcode1 = rcode1;
        Rcode2 = rcode2;
        // Encoding checks labels and lengths: an option that exists can always be written.
        if (IsEncoded)
            DomainNameWire.EncodeUncompressed(name);
    }

    public ClientFqdnFlagBits Flags { get; }

    public string Name { get; }

    public byte Rcode1 { get; }

    public byte Rcode2 { get; }

    public bool IsEncoded => (Flags & ClientFqdnFlagBits.Encoded) != 0;

    public override DhcpOptionCode Code => DhcpOptionCode.ClientFqdn;

    // Without E the name is one octet per char; with E its wire form is built twice (length, then data), which
    // only replies to clients that send option 81 pay.
    internal override int DataLength => 3 + (IsEncoded ? DomainNameWire.EncodeUncompressed(Name).Length : Name.Length);

    internal override void WriteData(Span<byte> destination)
    {
        destination[0] = (byte)Flags;
        destination[1] = Rcode1;
        destination[2] = Rcode2;
        if (IsEncoded)
            DomainNameWire.EncodeUncompressed(Name).CopyTo(destination[3..]);
        else
            Latin1.Encode(Name, destination[3..]);
    }
}
