namespace XenMesh.Node.Dhcp.Codec;

/// <summary>
/// One option after RFC 3396 concatenation: its code and its interpreted value. Options are
/// values (records); construction validates, so every option that exists can be encoded.
/// </summary>
public abstract record DhcpOption
{
    private protected DhcpOption()
    {
    }

    public abstract DhcpOptionCode Code { get; }

    /// <summary>The length of the option's data on the wire, before any RFC 3396 split.</summary>
    internal abstract int DataLength { get; }

    /// <summary>Writes the option's data, <see cref="DataLength"/> octets, at the start of <paramref name="destination"/>.</summary>
    /// <remarks>The encoder writes every option straight into the packet: an array per option and reply was a fifth of the encoder's cost.</remarks>
    internal abstract void WriteData(Span<byte> destination);

    /// <summary>The option's data as an array, for an option too long for one instance (RFC 3396), which is split from it.</summary>
    internal byte[] EncodeData()
    {
        var data = new byte[DataLength];
        WriteData(data);
        return data;
    }
}
