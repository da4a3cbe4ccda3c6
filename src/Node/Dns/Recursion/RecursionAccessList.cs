using System.Net;
using XenMesh.Messages.Values;

namespace XenMesh.Node.Dns.Recursion;

/// <summary>
/// Who may recurse through the agent (protocol-rules F6): loopback, the guest subnets and the LAN ranges
/// the operator listed in <c>dns.recursionFrom</c>. Everyone else gets REFUSED for names outside the
/// agent's zones, so the agent is no open resolver.
/// </summary>
public sealed class RecursionAccessList(IReadOnlyList<Ipv4Subnet> allowed)
{
    public IReadOnlyList<Ipv4Subnet> Allowed { get; } = allowed;

    public bool Permits(IPAddress client)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (client.IsIPv4MappedToIPv6)
            client = client.MapToIPv4();
        if (IPAddress.IsLoopback(client))
            return true;
        foreach (var range in Allowed)
        {
            if (range.Contains(client))
                return true;
        }

        return false;
    }
}
