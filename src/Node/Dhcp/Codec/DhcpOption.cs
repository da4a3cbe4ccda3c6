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

    /// <summary>The option's data as it goes on the wire, before any RFC 3396 split.</summary>
    internal abstract byte[] EncodeData();
}
