using System.Net;
using XenMesh.Cluster.Hosts;
using XenMesh.Cluster.Names;
using XenMesh.Messages.Values;

namespace XenMesh.Node.Dns.Zone;

/// <summary>
/// The zone this host serves, from its two sources: the mesh replica (every host's owned names) and this
/// host's own leases and dom0 name. A name the replica gives to another host is that host's: the registry
/// settled any conflict, so a local lease of the same name (the loser) gets no record. This host's names come
/// from its own leases alone, so its guests keep resolving while the replica is empty, behind, or cut off.
/// </summary>
public static class ZoneComposition
{
    /// <param name="settings">This host: domain, host id (owner of local records), bridge (dom0 name, own reverse zone).</param>
    /// <param name="leases">This host's named leases (label, address).</param>
    /// <param name="names">The replica's owned names.</param>
    /// <param name="hosts">The live hosts: a reverse zone for each one's subnet.</param>
    /// <param name="serial">The SOA serial of the result.</param>
    public static ZoneContent Compose(
        LocalZoneSettings settings,
        IEnumerable<(string Name, IPAddress Address)> leases,
        NameTable names,
        HostSnapshot hosts,
        uint serial)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(leases);
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(hosts);
        var suffix = "." + settings.Domain;
        var records = new List<ZoneRecord>();
        var elsewhere = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var record in names.Names.Values)
        {
            var owner = record.Owner.HostId;
            if (string.Equals(owner, settings.HostId, StringComparison.OrdinalIgnoreCase)
                || !record.Fqdn.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
                continue;
            var label = record.Fqdn[..^suffix.Length];
            records.Add(new ZoneRecord(label, record.Owner.Address, owner.ToLowerInvariant()));
            elsewhere.Add(label);
        }

        foreach (var (name, address) in leases.Append((settings.HostId, settings.Bridge.Address)))
        {
            if (!elsewhere.Contains(name))
                records.Add(new ZoneRecord(name, address, settings.HostId));
        }

        return new ZoneContent(settings.Domain, records, ReverseSubnets(settings, hosts), serial, settings.HostId, settings.Ttl);
    }

    /// <summary>
    /// The records <see cref="Compose"/> gives one label (any letter case), from the replica's record of that name
    /// alone and this host's leases of that label: what a change of one name or lease changes in the zone.
    /// </summary>
    /// <param name="settings">This host.</param>
    /// <param name="label">The label without the domain.</param>
    /// <param name="leases">This host's named leases of <paramref name="label"/>.</param>
    /// <param name="names">The replica's owned names.</param>
    public static IEnumerable<ZoneRecord> RecordsOf(
        LocalZoneSettings settings,
        string label,
        IEnumerable<(string Name, IPAddress Address)> leases,
        NameTable names)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(label);
        ArgumentNullException.ThrowIfNull(leases);
        ArgumentNullException.ThrowIfNull(names);
        var suffix = "." + settings.Domain;
        if (names.Names.TryGetValue((label + suffix).ToLowerInvariant(), out var record)
            && !string.Equals(record.Owner.HostId, settings.HostId, StringComparison.OrdinalIgnoreCase))
            return [new ZoneRecord(record.Fqdn[..^suffix.Length], record.Owner.Address, record.Owner.HostId.ToLowerInvariant())];
        var records = leases.Select(l => new ZoneRecord(l.Name, l.Address, settings.HostId));
        return string.Equals(label, settings.HostId, StringComparison.OrdinalIgnoreCase)
            ? records.Append(new ZoneRecord(settings.HostId, settings.Bridge.Address, settings.HostId))
            : records;
    }

    /// <summary>The subnets whose reverse zones are served: this host's bridge subnet, then every live host's.</summary>
    public static IReadOnlyList<Ipv4Subnet> ReverseSubnets(LocalZoneSettings settings, HostSnapshot hosts)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(hosts);
        var subnets = new List<Ipv4Subnet> { settings.Bridge.Subnet };
        foreach (var host in hosts.Hosts)
        {
            if (Ipv4Subnet.TryParse(host.Subnet, out var subnet, out _) && !subnets.Contains(subnet))
                subnets.Add(subnet);
        }

        return subnets;
    }
}
