using XenMesh.Node.Dns.Wire;

namespace XenMesh.Tests.Dns.Wire;

public sealed class DnsNameTests
{
    [Theory]
    [InlineData("xen1.xen", "xen1.xen.")]
    [InlineData("Xen1.XEN.", "Xen1.XEN.")]
    [InlineData(".", ".")]
    [InlineData("", ".")]
    [InlineData(@"a\.b.xen", @"a\.b.xen.")]
    [InlineData(@"\000\255.xen", @"\000\255.xen.")]
    public void Presentation_form_round_trips(string text, string expected)
    {
        Assert.Equal(expected, DnsName.Parse(text).ToString());
    }

    [Theory]
    [InlineData("a..b")]
    [InlineData(".a")]
    [InlineData(@"a\25")]
    [InlineData(@"a\256")]
    [InlineData("a b")]
    public void Text_that_is_not_a_name_is_refused(string text)
    {
        Assert.False(DnsName.TryParse(text, out _));
    }

    [Fact]
    public void Labels_and_names_are_bounded()
    {
        Assert.False(DnsName.TryParse(new string('a', 64), out _));
        Assert.True(DnsName.TryParse(new string('a', 63), out _));
        var label = new string('a', 63);
        Assert.True(DnsName.TryParse($"{label}.{label}.{label}.{new string('b', 61)}", out _));
        Assert.False(DnsName.TryParse($"{label}.{label}.{label}.{new string('b', 62)}", out _));
    }

    [Fact]
    public void Equality_and_hashing_ignore_ascii_case_only()
    {
        var lower = DnsName.Parse("xen1.xen");
        var upper = DnsName.Parse("XEN1.Xen");

        Assert.Equal(lower, upper);
        Assert.Equal(lower.GetHashCode(), upper.GetHashCode());
        Assert.NotEqual(DnsName.Parse(@"\200.xen"), DnsName.Parse(@"\232.xen"));
        Assert.True(upper.IsSubdomainOf(DnsName.Parse("xen")));
        Assert.False(DnsName.Parse("xen").IsSubdomainOf(upper));
        Assert.Equal("xen1.xen.", upper.ToLowerInvariant().ToString());
    }
}
