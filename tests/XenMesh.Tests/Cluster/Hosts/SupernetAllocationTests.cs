using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using XenMesh.Cluster.Hosts;
using XenMesh.Messages.Values;

namespace XenMesh.Tests.Cluster.Hosts;

public sealed class SupernetAllocationTests
{
    private static readonly Ipv4Subnet Supernet = Parse("10.77.0.0/16");

    [Fact]
    public void The_first_host_gets_the_lowest_24()
    {
        Assert.Equal(Parse("10.77.0.0/24"), SupernetAllocation.Assign(Supernet, "kubikal", []));
    }

    [Fact]
    public void Registered_and_assigned_subnets_are_skipped_and_the_lowest_free_one_given()
    {
        var taken = Taken(("kubikal", "10.77.0.0/24"), ("rack2", "10.77.1.0/24"), ("rack3", "10.77.3.0/24"));

        Assert.Equal(Parse("10.77.2.0/24"), SupernetAllocation.Assign(Supernet, "rack4", taken));
    }

    [Fact]
    public void Any_overlap_blocks_a_24_whatever_the_other_subnets_prefix()
    {
        // A /25 takes its whole /24, a /22 four of them, a registered /8 around the supernet nothing else matters.
        var taken = Taken(("a", "10.77.0.128/25"), ("b", "10.77.4.0/22"), ("c", "10.77.1.0/24"), ("d", "10.77.2.0/23"), ("e", "192.168.0.0/24"));

        Assert.Equal(Parse("10.77.8.0/24"), SupernetAllocation.Assign(Supernet, "f", taken));
    }

    [Fact]
    public void A_host_that_holds_a_24_of_the_supernet_gets_it_again()
    {
        var taken = Taken(("kubikal", "10.77.0.0/24"), ("rack2", "10.77.7.0/24"));

        Assert.Equal(Parse("10.77.7.0/24"), SupernetAllocation.Assign(Supernet, "rack2", taken));
    }

    [Fact]
    public void A_hosts_own_subnet_outside_the_supernet_neither_counts_nor_blocks()
    {
        var taken = Taken(("rack2", "192.168.1.0/24"), ("rack2", "10.77.0.0/16"));

        Assert.Equal(Parse("10.77.0.0/24"), SupernetAllocation.Assign(Supernet, "rack2", taken));
    }

    [Fact]
    public void An_exhausted_supernet_gives_nothing()
    {
        var small = Parse("10.77.0.0/23");
        var taken = Taken(("kubikal", "10.77.0.0/24"), ("rack2", "10.77.1.0/24"));

        Assert.Null(SupernetAllocation.Assign(small, "rack3", taken));
        Assert.Null(SupernetAllocation.Assign(Supernet, "rack3", Taken(("kubikal", "10.0.0.0/8"))));
        Assert.Equal(Parse("10.77.1.0/24"), SupernetAllocation.Assign(small, "rack2", taken));
    }

    [Fact]
    public void A_supernet_longer_than_24_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SupernetAllocation.Assign(Parse("10.77.0.0/25"), "kubikal", []));
    }

    [Property]
    public Property Hosts_asking_in_turn_get_distinct_24s_of_the_supernet_that_overlap_nothing_registered(byte[] registered, PositiveInt hosts)
    {
        var supernet = Parse("10.77.0.0/20");
        var taken = registered.Select((b, i) => ($"registered{i}", new Ipv4Subnet(supernet.Network + ((uint)(b % 32) << 7), 25))).ToList();
        var given = new List<Ipv4Subnet>();
        for (var i = 0; i < hosts.Get % 20; i++)
        {
            if (SupernetAllocation.Assign(supernet, $"host{i}", taken) is not { } subnet)
                break;
            given.Add(subnet);
            taken.Add(($"host{i}", subnet));
        }

        var registeredOnly = taken.Where(t => t.Item1.StartsWith("registered", StringComparison.Ordinal)).Select(t => t.Item2).ToList();
        return (given.Distinct().Count() == given.Count
                && given.All(s => s.PrefixLength == 24 && supernet.Contains(s.NetworkAddress))
                && given.All(s => !registeredOnly.Any(r => r.Overlaps(s))))
            .ToProperty();
    }

    private static List<(string, Ipv4Subnet)> Taken(params (string Host, string Subnet)[] entries) =>
        [.. entries.Select(e => (e.Host, Parse(e.Subnet)))];

    private static Ipv4Subnet Parse(string text)
    {
        Assert.True(Ipv4Subnet.TryParse(text, out var subnet, out var error), error);
        return subnet;
    }
}
