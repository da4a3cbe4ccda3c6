using XenMesh.Node.Dns.Wire;

namespace XenMesh.Node.Dns.Server;

/// <summary>The result of <see cref="QueryResponder.Respond"/>.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="Length">The response octets to send (0: send nothing, or the recursion side answers).</param>
/// <param name="Error">Why a query got FORMERR.</param>
/// <param name="Limit">The largest response this query accepts on its transport (for the recursion side).</param>
public readonly record struct DnsResponse(DnsOutcome Outcome, int Length, DnsFormatError Error = DnsFormatError.None, int Limit = DnsLimits.ClassicUdpPayload);
