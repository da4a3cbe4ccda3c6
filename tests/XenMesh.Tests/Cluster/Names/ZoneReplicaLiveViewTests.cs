using System.Net;
using XenMesh.Cluster.Names;
using XenMesh.Messages.Names;
using static XenMesh.Messages.Names.NameRegistryMessages;

namespace XenMesh.Tests.Cluster.Names;

public sealed class ZoneReplicaLiveViewTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

    private static NameClaim Claim(string host, int node, int uid, int minutes) =>
        new(host, "00:16:3e:00:00:01", IPAddress.Parse($"192.168.{node}.1"), T0.AddMinutes(minutes), "HostName", $"akka.tcp://xenmesh@10.0.0.{node}:4053", uid);

    [Fact]
    public void A_record_whose_members_are_all_live_is_kept_as_it_is()
    {
        var record = new NameRecord("web.xen", Claim("a", 1, 7, 1), [Claim("b", 2, 8, 2)]);

        var view = ZoneReplica.LiveView(record, new HashSet<(string, int)> { ("akka.tcp://xenmesh@10.0.0.1:4053", 7), ("akka.tcp://xenmesh@10.0.0.2:4053", 8) });

        Assert.Equal(record.Owner, view!.Owner);
        Assert.Equal(record.Rejected, view.Rejected);
    }

    [Fact]
    public void When_the_owner_member_is_gone_the_best_live_rejected_claim_owns_the_name()
    {
        var record = new NameRecord("web.xen", Claim("a", 1, 7, 1), [Claim("b", 2, 8, 2), Claim("c", 3, 9, 3)]);

        var view = ZoneReplica.LiveView(record, new HashSet<(string, int)> { ("akka.tcp://xenmesh@10.0.0.2:4053", 8), ("akka.tcp://xenmesh@10.0.0.3:4053", 9) });

        Assert.Equal("b", view!.Owner.HostId);
        Assert.Equal(["c"], view.Rejected.Select(c => c.HostId));
    }

    [Fact]
    public void A_restarted_member_on_the_same_address_does_not_revive_its_old_incarnation_claims()
    {
        var record = new NameRecord("web.xen", Claim("a", 1, 7, 1), []);

        Assert.Null(ZoneReplica.LiveView(record, new HashSet<(string, int)> { ("akka.tcp://xenmesh@10.0.0.1:4053", 70) }));
    }

    [Fact]
    public void A_withdrawn_record_has_no_view()
    {
        var record = new NameRecord("web.xen", Claim("a", 1, 7, 1), []);
        var live = new HashSet<(string, int)> { ("akka.tcp://xenmesh@10.0.0.1:4053", 7) };

        Assert.NotNull(ZoneReplica.LiveView(record, live));
        Assert.Null(ZoneReplica.LiveView(record with { Withdrawn = true }, live));
    }
}
