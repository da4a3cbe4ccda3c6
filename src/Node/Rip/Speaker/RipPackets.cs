using System.Collections.Immutable;
using XenMesh.Messages.Values;
using XenMesh.Node.Rip.Codec;
using XenMesh.Node.Routes;

namespace XenMesh.Node.Rip.Speaker;

/// <summary>
/// Pure helpers of the speaker: route entries from the table, responses split into packets of at most 25
/// entries (24 with authentication), and the answer to a request (RFC 2453 §3.9.1).
/// </summary>
public static class RipPackets
{
    public static RipRouteEntry Entry(DesiredRoute route, bool withdrawn)
    {
        ArgumentNullException.ThrowIfNull(route);
        return new RipRouteEntry(route.Subnet, route.NextHop, withdrawn ? RipLayout.Infinity : route.Metric);
    }

    /// <summary>Response messages carrying <paramref name="entries"/>, at most as many per message as fit in a packet.</summary>
    public static IEnumerable<ImmutableArray<RipRouteEntry>> Chunk(IReadOnlyList<RipRouteEntry> entries, bool authenticated)
    {
        ArgumentNullException.ThrowIfNull(entries);
        return entries.Chunk(RipLayout.RoutesPerPacket(authenticated)).Select(c => c.ToImmutableArray());
    }

    /// <summary>
    /// The entries answering <paramref name="request"/>: everything announced for a whole-table request,
    /// else each asked destination in the order asked, with its metric, or 16 when it is not announced.
    /// </summary>
    public static IReadOnlyList<RipRouteEntry> Answer(RipMessage request, IReadOnlyDictionary<Ipv4Subnet, RipRouteEntry> announced)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(announced);
        if (request.WholeTableRequest)
            return [.. announced.Values.OrderBy(e => e.Destination.Network).ThenBy(e => e.Destination.PrefixLength)];
        return [.. request.Entries.Select(asked => announced.TryGetValue(asked.Destination, out var known)
            ? known
            : asked with { Metric = RipLayout.Infinity })];
    }
}
