using XenMesh.Messages.Values;
using XenMesh.Node.Dns.Recursion;
using XenMesh.Node.Dns.Wire;

namespace XenMesh.Tests.Dns.Recursion;

public sealed class LocalNamePolicyTests
{
    private static readonly LocalNamePolicy Policy = new("xen", [Subnet("192.168.0.0/24")]);

    [Theory]
    [InlineData("xen1", NotForwardedReason.Dotless)]
    [InlineData("XEN1.", NotForwardedReason.Dotless)]
    [InlineData("xen", NotForwardedReason.MeshDomain)]
    [InlineData("xen1.xen", NotForwardedReason.MeshDomain)]
    [InlineData("a.b.XEN.", NotForwardedReason.MeshDomain)]
    [InlineData("0.168.192.in-addr.arpa", NotForwardedReason.OwnedReverseZone)]
    [InlineData("7.0.168.192.IN-ADDR.ARPA", NotForwardedReason.OwnedReverseZone)]
    [InlineData("localhost", NotForwardedReason.SpecialUse)]
    [InlineData("www.localhost", NotForwardedReason.SpecialUse)]
    [InlineData("printer.local", NotForwardedReason.SpecialUse)]
    [InlineData("foo.invalid", NotForwardedReason.SpecialUse)]
    public void Names_that_must_stay_on_the_host_are_never_forwarded(string name, NotForwardedReason reason) =>
        Assert.Equal(reason, Policy.Check(DnsName.Parse(name)));

    [Theory]
    [InlineData(".")]
    [InlineData("example.org")]
    [InlineData("example.org.")]
    [InlineData("xen.example.org")]
    [InlineData("myxen.org")]
    [InlineData("1.168.192.in-addr.arpa")]
    [InlineData("168.192.in-addr.arpa")]
    [InlineData("1.1.168.192.in-addr.arpa")]
    public void Other_names_and_the_root_are_forwarded(string name) =>
        Assert.Null(Policy.Check(DnsName.Parse(name)));

    [Theory]
    [InlineData("192.168.0.0/24", new[] { "0.168.192.in-addr.arpa" })]
    [InlineData("10.0.0.0/8", new[] { "10.in-addr.arpa" })]
    [InlineData("172.16.0.0/15", new[] { "16.172.in-addr.arpa", "17.172.in-addr.arpa" })]
    [InlineData("192.168.4.0/22", new[] { "4.168.192.in-addr.arpa", "5.168.192.in-addr.arpa", "6.168.192.in-addr.arpa", "7.168.192.in-addr.arpa" })]
    [InlineData("192.168.0.8/30", new[] { "8.0.168.192.in-addr.arpa", "9.0.168.192.in-addr.arpa", "10.0.168.192.in-addr.arpa", "11.0.168.192.in-addr.arpa" })]
    public void The_owned_reverse_zones_cover_the_guest_subnet_on_octet_boundaries(string subnet, string[] zones) =>
        Assert.Equal(zones.Select(DnsName.Parse), new LocalNamePolicy("xen", [Subnet(subnet)]).OwnedReverseZones);

    [Fact]
    public void A_multi_label_mesh_domain_is_matched_as_a_whole()
    {
        var policy = new LocalNamePolicy("mesh.example", [Subnet("192.168.0.0/24")]);

        Assert.Equal(NotForwardedReason.MeshDomain, policy.Check(DnsName.Parse("db.MESH.example")));
        Assert.Null(policy.Check(DnsName.Parse("www.example")));
    }

    private static Ipv4Subnet Subnet(string text) =>
        Ipv4Subnet.TryParse(text, out var subnet, out var error) ? subnet : throw new ArgumentException(error, nameof(text));
}
