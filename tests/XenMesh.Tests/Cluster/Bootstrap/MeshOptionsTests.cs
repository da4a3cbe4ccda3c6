using XenMesh.Cluster.Bootstrap;

namespace XenMesh.Tests.Cluster.Bootstrap;

/// <summary>The seeds of an incarnation that rejoins after a downing: never this member first, so it never forms a cluster alone.</summary>
public sealed class MeshOptionsTests
{
    private static readonly MeshOptions Kubikal = new(
        "192.168.11.100", 4053, [("192.168.11.100", 4053), ("192.168.11.101", 4053), ("192.168.11.102", 4053)],
        MeshRoles.Dom0, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), null);

    [Fact]
    public void The_first_seed_rejoining_puts_itself_last()
    {
        Assert.Equal([("192.168.11.101", 4053), ("192.168.11.102", 4053), ("192.168.11.100", 4053)], Kubikal.ForRejoin().Seeds);
    }

    [Fact]
    public void Another_member_rejoining_keeps_the_order_with_itself_last()
    {
        var rack2 = Kubikal with { Hostname = "192.168.11.101" };

        Assert.Equal([("192.168.11.100", 4053), ("192.168.11.102", 4053), ("192.168.11.101", 4053)], rack2.ForRejoin().Seeds);
    }

    [Fact]
    public void A_cluster_of_one_keeps_joining_itself()
    {
        Assert.Empty(MeshOptions.SingleNode().ForRejoin().Seeds);
        var alone = Kubikal with { Seeds = [("192.168.11.100", 4053)] };
        Assert.Equal(alone.Seeds, alone.ForRejoin().Seeds);
    }
}
