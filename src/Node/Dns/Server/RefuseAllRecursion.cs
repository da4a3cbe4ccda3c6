using System.Net;
using XenMesh.Node.Dns.Recursion;

namespace XenMesh.Node.Dns.Server;

/// <summary>
/// The recursion side until a forwarder is registered: every name outside our zones gets REFUSED. Registered
/// with TryAdd, so any other <see cref="IDnsRecursion"/> registration takes its place.
/// </summary>
public sealed class RefuseAllRecursion : IDnsRecursion
{
    public ValueTask<int> ResolveAsync(ReadOnlyMemory<byte> query, IPEndPoint client, int maxResponseSize, Memory<byte> response, CancellationToken cancellationToken) =>
        ValueTask.FromResult(QueryResponder.Refuse(query.Span, response.Span));
}
