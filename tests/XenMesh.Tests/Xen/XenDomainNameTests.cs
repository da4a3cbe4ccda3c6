using FsCheck.Xunit;
using XenMesh.Node.Configuration;
using XenMesh.Node.Xen;

namespace XenMesh.Tests.Xen;

public sealed class XenDomainNameTests
{
    [Theory]
    [InlineData("xen1", "xen1")]
    [InlineData("xen1--incoming", "xen1")]
    [InlineData("web-01", "web-01")]
    [InlineData("a", "a")]
    [InlineData("xen1--incoming--incoming", "xen1--incoming")]
    public void Valid_names_give_their_label_with_one_incoming_suffix_stripped(string raw, string label)
    {
        var name = XenDomainName.Interpret(raw);
        Assert.Equal(label, name.Label);
        Assert.False(name.MigratedAway);
        Assert.Null(name.Problem);
    }

    [Theory]
    [InlineData("xen1--migratedaway")]
    [InlineData("xen1--incoming--migratedaway")]
    public void A_migrated_away_domain_registers_no_name(string raw)
    {
        var name = XenDomainName.Interpret(raw);
        Assert.Null(name.Label);
        Assert.True(name.MigratedAway);
    }

    [Theory]
    [InlineData("xen_1")]
    [InlineData("-xen1")]
    [InlineData("xen1-")]
    [InlineData("xen1.xen")]
    [InlineData("xen1;reboot")]
    [InlineData("--incoming")]
    [InlineData("xen1\n")]
    public void A_name_failing_the_label_rule_gives_no_name_and_says_why(string raw)
    {
        var name = XenDomainName.Interpret(raw);
        Assert.Null(name.Label);
        Assert.False(name.MigratedAway);
        Assert.Contains(XenDomainName.LabelRule, name.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sixty_four_character_name_gives_no_name() =>
        Assert.Null(XenDomainName.Interpret(new string('a', 64)).Label);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void No_name_is_no_name(string? raw) => Assert.Equal(XenDomainName.None, XenDomainName.Interpret(raw));

    [Property]
    public bool A_label_is_always_an_rfc1123_label_taken_from_the_raw_name(string? raw)
    {
        var name = XenDomainName.Interpret(raw);
        return name.Label is null || (DnsLabel.IsValid(name.Label) && raw!.StartsWith(name.Label, StringComparison.Ordinal) && !name.MigratedAway);
    }
}
