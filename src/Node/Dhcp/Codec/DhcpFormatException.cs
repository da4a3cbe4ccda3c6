namespace XenMesh.Node.Dhcp.Codec;

/// <summary>The only exception <see cref="DhcpDecoder"/> throws: the packet is malformed and is dropped.</summary>
public sealed class DhcpFormatException : Exception
{
    public DhcpFormatException(DhcpFormatError reason, string message)
        : base(message) => Reason = reason;

    public DhcpFormatException()
    {
    }

    public DhcpFormatException(string message)
        : base(message)
    {
    }

    public DhcpFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The machine-readable cause, for drop counters.</summary>
    public DhcpFormatError Reason { get; }
}
