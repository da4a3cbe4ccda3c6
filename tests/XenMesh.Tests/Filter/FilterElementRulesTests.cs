using System.Net;
using FsCheck.Xunit;
using XenMesh.Messages.Values;
using XenMesh.Node.Filter;

namespace XenMesh.Tests.Filter;

public sealed class FilterElementRulesTests
{
    private static readonly MacAddress Mac = MacAddress.Parse("00:16:3e:12:34:56");

    [Theory]
    [InlineData("vif7.0")]
    [InlineData("vif32751.10")]
    [InlineData("web-frontend.0")]
    public void Guest_port_names_are_accepted(string vif)
    {
        Assert.Null(FilterElementRules.Explain(new FilterPort(vif, Mac)));
    }

    [Theory]
    [InlineData("vif7.0\" }; flush ruleset; add table x {")]
    [InlineData("vif1\"")]
    [InlineData("vif1 0")]
    [InlineData("vif1;")]
    [InlineData("-vif")]
    [InlineData("")]
    [InlineData("a-very-long-vif-name")]
    [InlineData("vif1.0\n")]
    public void Names_that_could_break_out_of_the_nft_string_are_refused(string vif)
    {
        Assert.NotNull(FilterElementRules.Explain(new FilterPort(vif, Mac)));
        Assert.NotNull(FilterElementRules.Explain(new FilterBinding(vif, Mac, IPAddress.Parse("192.168.0.17"))));
    }

    [Fact]
    public void An_unset_mac_is_refused()
    {
        Assert.Equal("MAC 00:00:00:00:00:00 is not a guest's", FilterElementRules.Explain(new FilterPort("vif7.0", default)));
    }

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("255.255.255.255")]
    [InlineData("fe80::1")]
    public void Addresses_no_guest_can_lease_are_refused(string address)
    {
        Assert.NotNull(FilterElementRules.Explain(new FilterBinding("vif7.0", Mac, IPAddress.Parse(address))));
    }

    [Property]
    public bool An_accepted_name_renders_as_one_plain_quoted_string(string? name) =>
        name is null
        || FilterElementRules.Explain(new FilterPort(name, Mac)) is not null
        || (NftRuleset.GuestPortElement(new FilterPort(name, Mac)) == $"\"{name}\""
            && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'));
}
