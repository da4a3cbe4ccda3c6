using System.Collections.Immutable;
using System.Net;
using XenMesh.Cluster.Names;
using XenMesh.Messages.Names;
using static XenMesh.Messages.Names.NameRegistryMessages;

namespace XenMesh.Tests.Cluster.Names;

public sealed class ZoneReplicaChangedNamesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

    private static NameRecord Record(string fqdn, string host, int last, params NameClaim[] rejected) =>
        new(fqdn, new NameClaim(host, "00:16:3e:00:00:01", IPAddress.Parse($"192.168.0.{last}"), T0, "HostName", "akka.tcp://xenmesh@10.0.0.1:4053", 7), rejected);

    [Fact]
    public void Only_added_removed_and_changed_records_of_a_bucket_are_changed_names()
    {
        var before = ImmutableDictionary<NameKey, NameRecord>.Empty
            .Add(new NameKey("same.xen"), Record("same.xen", "a", 1))
            .Add(new NameKey("moved.xen"), Record("moved.xen", "a", 2))
            .Add(new NameKey("gone.xen"), Record("gone.xen", "a", 3));
        var after = ImmutableDictionary<NameKey, NameRecord>.Empty
            .Add(new NameKey("same.xen"), Record("same.xen", "a", 1))
            .Add(new NameKey("moved.xen"), Record("moved.xen", "a", 9))
            .Add(new NameKey("new.xen"), Record("new.xen", "b", 4));

        Assert.Equal(["gone.xen", "moved.xen", "new.xen"], ZoneReplica.ChangedNames(before, after).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_record_that_only_gains_a_rejected_claim_is_a_changed_name()
    {
        var rival = new NameClaim("b", "00:16:3e:00:00:02", IPAddress.Parse("192.168.1.1"), T0.AddMinutes(1), "HostName", "akka.tcp://xenmesh@10.0.0.2:4053", 8);
        var before = ImmutableDictionary<NameKey, NameRecord>.Empty.Add(new NameKey("web.xen"), Record("web.xen", "a", 1));
        var after = ImmutableDictionary<NameKey, NameRecord>.Empty.Add(new NameKey("web.xen"), Record("web.xen", "a", 1, rival));

        Assert.Equal(["web.xen"], ZoneReplica.ChangedNames(before, after));
    }
}
