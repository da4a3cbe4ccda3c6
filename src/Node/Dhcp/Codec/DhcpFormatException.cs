using System.Diagnostics.CodeAnalysis;

namespace XenMesh.Node.Dhcp.Codec;

/// <summary>The only exception <see cref="DhcpDecoder"/> throws: the packet is malformed and is dropped.</summary>
[SuppressMessage("Design", "CA1032:Implement standard exception constructors", Justification = "Every drop has a reason; a constructor without one would count drops under a wrong one.")]
public sealed class DhcpFormatException : Exception
{
    public DhcpFormatException(DhcpFormatError reason, string message)
        : base(message) => Reason = reason;

    /// <summary>The machine-readable cause, for drop counters.</summary>
    public DhcpFormatError Reason { get; }
}
