using XenMesh.Messages.Values;

namespace XenMesh.Cluster.Hosts;

/// <summary>
/// Which /24 of a supernet a host gets: the one it already holds, else the lowest /24 that overlaps no other
/// host's subnet (registered or assigned), first come first served.
/// </summary>
public static class SupernetAllocation
{
    /// <summary>The prefix of every assigned subnet.</summary>
    public const int AssignedPrefix = 24;

    /// <summary>
    /// The /24 of <paramref name="supernet"/> for <paramref name="hostId"/>, or null when every /24 overlaps
    /// another host's subnet. <paramref name="taken"/> holds every known subnet by host: the host registry's
    /// records and the assignments already handed out. The host's own entries outside the supernet (a subnet it
    /// served before) neither count for it nor block anything.
    /// </summary>
    public static Ipv4Subnet? Assign(Ipv4Subnet supernet, string hostId, IEnumerable<(string HostId, Ipv4Subnet Subnet)> taken)
    {
        ArgumentNullException.ThrowIfNull(taken);
        if (supernet.PrefixLength > AssignedPrefix)
            throw new ArgumentOutOfRangeException(nameof(supernet), supernet, "a supernet needs a prefix of /24 or shorter");

        var all = taken.ToList();
        foreach (var (owner, subnet) in all)
        {
            if (owner == hostId && IsSlotOf(supernet, subnet))
                return subnet;
        }

        var others = all
            .Where(t => t.HostId != hostId && t.Subnet.Overlaps(supernet))
            .Select(t => t.Subnet)
            .ToList();
        var end = (ulong)supernet.Network + (1UL << (32 - supernet.PrefixLength));
        var next = (ulong)supernet.Network;
        while (next < end)
        {
            var candidate = new Ipv4Subnet((uint)next, AssignedPrefix);
            var blocker = others.FindIndex(o => o.Overlaps(candidate));
            if (blocker < 0)
                return candidate;

            // Past the whole blocking subnet at once: a /16 registered inside a /8 costs one step, not 256.
            var blocked = others[blocker];
            next = Math.Max(next + 256, (ulong)blocked.Network + (1UL << (32 - blocked.PrefixLength)));
        }

        return null;
    }

    /// <summary>True when <paramref name="subnet"/> is one of the /24s of <paramref name="supernet"/>.</summary>
    public static bool IsSlotOf(Ipv4Subnet supernet, Ipv4Subnet subnet) =>
        subnet.PrefixLength == AssignedPrefix && supernet.PrefixLength <= AssignedPrefix && supernet.Contains(subnet.NetworkAddress);
}
