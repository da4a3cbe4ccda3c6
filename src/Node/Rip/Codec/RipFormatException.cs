using System.Diagnostics.CodeAnalysis;

namespace XenMesh.Node.Rip.Codec;

/// <summary>The only exception <see cref="RipDecoder"/> throws: the packet is malformed and is dropped.</summary>
[SuppressMessage("Design", "CA1032:Implement standard exception constructors", Justification = "Every drop has a reason; a constructor without one would count drops under a wrong one.")]
public sealed class RipFormatException : Exception
{
    public RipFormatException(RipFormatError reason, string message)
        : base(message) => Reason = reason;

    /// <summary>The machine-readable cause, for drop counters.</summary>
    public RipFormatError Reason { get; }
}
