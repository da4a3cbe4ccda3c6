using XenMesh.Messages.Hosts;
using XenMesh.Messages.Values;

namespace XenMesh.Cluster.Hosts;

/// <summary>
/// Which host may serve which subnet: when two hosts' subnets overlap, the one registered first keeps it
/// (ties by host id, ordinal) and the later one refuses to serve the overlap.
/// </summary>
public static class SubnetRules
{
    /// <summary>Every overlapping pair, the later host first; hosts whose subnet does not parse are skipped.</summary>
    public static IReadOnlyList<SubnetOverlap> FindOverlaps(IEnumerable<HostRecord> hosts)
    {
        ArgumentNullException.ThrowIfNull(hosts);
        var ordered = hosts
            .Select(h => (Host: h, Valid: Ipv4Subnet.TryParse(h.Subnet, out var s, out _), Subnet: s))
            .Where(x => x.Valid)
            .OrderBy(x => x.Host.RegisteredAt)
            .ThenBy(x => x.Host.HostId, StringComparer.Ordinal)
            .ToList();
        var overlaps = new List<SubnetOverlap>();
        for (var later = 1; later < ordered.Count; later++)
        {
            for (var earlier = 0; earlier < later; earlier++)
            {
                if (ordered[later].Subnet.Overlaps(ordered[earlier].Subnet))
                    overlaps.Add(new SubnetOverlap(ordered[later].Host, ordered[earlier].Host));
            }
        }

        return overlaps;
    }

    /// <summary>The overlap that makes <paramref name="hostId"/> refuse its subnet, or null when it may serve it.</summary>
    public static SubnetOverlap? RefusalFor(string hostId, IEnumerable<SubnetOverlap> overlaps) =>
        overlaps.FirstOrDefault(o => o.Later.HostId == hostId);
}

/// <summary><paramref name="Later"/>'s subnet overlaps <paramref name="Earlier"/>'s, which registered first.</summary>
public sealed record SubnetOverlap(HostRecord Later, HostRecord Earlier)
{
    public override string ToString() =>
        $"subnet {Later.Subnet} of host {Later.HostId} overlaps {Earlier.Subnet} of host {Earlier.HostId}, registered earlier";
}
