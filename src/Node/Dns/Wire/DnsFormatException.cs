using System.Diagnostics.CodeAnalysis;

namespace XenMesh.Node.Dns.Wire;

/// <summary>The only exception the DNS parser throws: the message is malformed.</summary>
[SuppressMessage("Design", "CA1032:Implement standard exception constructors", Justification = "Every rejection has a reason; a constructor without one would count it under a wrong one.")]
public sealed class DnsFormatException : Exception
{
    public DnsFormatException(DnsFormatError reason, string message)
        : base(message) => Reason = reason;

    /// <summary>The machine-readable cause, for counters and FORMERR decisions.</summary>
    public DnsFormatError Reason { get; }
}
