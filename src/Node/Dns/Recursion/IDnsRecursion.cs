using System.Net;

namespace XenMesh.Node.Dns.Recursion;

/// <summary>
/// Answers a query for a name outside the zones this agent owns: decides whether the client may
/// recurse, refuses what must never leave the host (dotless names, the mesh domain), and otherwise
/// forwards upstream. The DNS server calls it only after its own zones did not match, so the
/// contract is the raw query in and the raw response out.
/// </summary>
public interface IDnsRecursion
{
    /// <summary>Writes the response to <paramref name="response"/> and returns its length.</summary>
    /// <param name="query">The client's query exactly as received (without the TCP length prefix).</param>
    /// <param name="client">Where the query came from (the recursion access list is checked against it).</param>
    /// <param name="maxResponseSize">The largest response the client accepts on this transport; a longer
    /// answer is truncated with TC set.</param>
    /// <param name="response">Where the response goes; at least <paramref name="maxResponseSize"/> octets.</param>
    /// <param name="cancellationToken">Cancelled when the server stops.</param>
    ValueTask<int> ResolveAsync(
        ReadOnlyMemory<byte> query,
        IPEndPoint client,
        int maxResponseSize,
        Memory<byte> response,
        CancellationToken cancellationToken);
}
