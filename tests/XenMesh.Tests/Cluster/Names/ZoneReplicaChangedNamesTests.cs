using System.Net;
using XenMesh.Cluster.Names;
using XenMesh.Messages.Names;
using static XenMesh.Messages.Names.NameRegistryMessages;

namespace XenMesh.Tests.Cluster.Names;

public sealed class ZoneReplicaChangedNamesTests
{
    private const string Node = "akka.tcp://xenmesh@10.0.0.1:4053#7";
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

    private static NameRecord Record(string fqdn, string host, int last, params NameClaim[] rejected) =>
        new(fqdn, new NameClaim(host, "00:16:3e:00:00:01", IPAddress.Parse($"192.168.0.{last}"), T0, "HostName", "akka.tcp://xenmesh@10.0.0.1:4053", 7), rejected);

    [Fact]
    public void Only_added_and_rewritten_names_of_a_bucket_are_changed_names()
    {
        var before = NameBucket.Empty
            .Set(Record("same.xen", "a", 1), Node, 1)
            .Set(Record("moved.xen", "a", 2), Node, 1)
            .Set(Record("gone.xen", "a", 3), Node, 1);
        var after = before
            .Set(Record("moved.xen", "a", 9), Node, 2)
            .Set(Record("gone.xen", "a", 3) with { Withdrawn = true }, Node, 2)
            .Set(Record("new.xen", "b", 4), Node, 2);

        Assert.Equal(["gone.xen", "moved.xen", "new.xen"], ZoneReplica.ChangedNames(before, after));
    }

    [Fact]
    public void A_bucket_that_came_back_by_another_way_with_the_same_writes_has_no_changed_names()
    {
        var written = NameBucket.Empty.Set(Record("web.xen", "a", 1), Node, 1);
        var gossiped = new NameBucket(written.Entries.Select(e => e with { }));

        Assert.Empty(ZoneReplica.ChangedNames(written, gossiped));
    }
}
