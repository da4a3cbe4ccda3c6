using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using XenMesh.Node.Linux;
using XenMesh.Node.Xen;

namespace XenMesh.Tests.Xen;

public sealed class VifNameTests
{
    [Theory]
    [InlineData("vif1.0", 1, 0)]
    [InlineData("vif5.0", 5, 0)]
    [InlineData("vif32751.10", 32751, 10)]
    [InlineData("vif12.99999", 12, 99999)]
    public void Default_names_give_domid_and_devid(string name, int domId, int devId)
    {
        Assert.True(VifName.TryParseDefault(name, out var id, out var error), error);
        Assert.Equal(new VifId(domId, devId), id);
        Assert.Equal(name, id.DefaultName);
    }

    [Theory]
    [InlineData("vif1.0;reboot")]
    [InlineData("-x")]
    [InlineData("vif1.0 x")]
    [InlineData("vif01.0")]
    [InlineData("vif1.00")]
    [InlineData("vif1.0-emu")]
    [InlineData("VIF1.0")]
    [InlineData("vif1.0\n")]
    [InlineData("vif123456.0")]
    [InlineData("")]
    [InlineData(null)]
    public void Malformed_default_names_are_refused_naming_value_and_rule(string? name)
    {
        Assert.False(VifName.TryParseDefault(name, out _, out var error));
        Assert.Contains(VifName.DefaultRule, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("vif0.0", 0)]
    [InlineData("vif32752.0", 32752)]
    [InlineData("vif99999.0", 99999)]
    public void Domids_outside_the_guest_range_are_refused(string name, int domId)
    {
        Assert.False(VifName.TryParseDefault(name, out _, out var error));
        Assert.Contains($"domid {domId}", error, StringComparison.Ordinal);
        Assert.Contains("1..32751", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("vif5.0")]
    [InlineData("web0")]
    [InlineData("guest-eth0")]
    [InlineData("a.b_c-d")]
    [InlineData("xen1")]
    public void Port_names_consistent_with_the_backend_are_accepted(string name) =>
        Assert.Null(VifName.ExplainPortName(name, new VifId(5, 0)));

    [Theory]
    [InlineData("vif6.0", "default name of domid 6 devid 0")]
    [InlineData("vif5.1", "default name of domid 5 devid 1")]
    [InlineData("vif05.0", VifName.DefaultRule)]
    [InlineData("vif5.0-emu", VifName.DefaultRule)]
    [InlineData("vif1.0;reboot", VifName.DefaultRule)]
    [InlineData("-x", "custom name")]
    [InlineData("vif1.0 x", VifName.DefaultRule)]
    [InlineData("abcdefghijklmnop", "custom name")]
    [InlineData("a/b", "custom name")]
    [InlineData("a:b", "custom name")]
    [InlineData("web 0", "custom name")]
    [InlineData("naïve", "custom name")]
    [InlineData(".", "custom name")]
    [InlineData("web0\n", "custom name")]
    [InlineData("vif5.0\n", VifName.DefaultRule)]
    public void Port_names_that_break_a_rule_are_refused(string name, string because)
    {
        var error = VifName.ExplainPortName(name, new VifId(5, 0));
        Assert.NotNull(error);
        Assert.Contains(because, error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sixteen_byte_custom_name_is_refused_and_fifteen_accepted()
    {
        Assert.NotNull(VifName.ExplainPortName(new string('a', 16), new VifId(5, 0)));
        Assert.Null(VifName.ExplainPortName(new string('a', 15), new VifId(5, 0)));
    }

    [Property]
    public bool An_accepted_default_name_round_trips_and_is_a_safe_interface_name(string? name) =>
        !VifName.TryParseDefault(name, out var id, out _)
        || (id.DefaultName == name && InterfaceName.IsValid(name) && id.DomId is >= 1 and <= VifId.MaxGuestDomId);

    [Property]
    public bool An_accepted_port_name_is_a_safe_interface_name(string? name) =>
        VifName.ExplainPortName(name, new VifId(5, 0)) is not null || InterfaceName.IsValid(name);

    [Property]
    public Property Every_guest_vif_has_a_default_name_that_parses_back() =>
        Prop.ForAll(
            Gen.Choose(1, VifId.MaxGuestDomId).ToArbitrary(),
            Gen.Choose(0, 99999).ToArbitrary(),
            (domId, devId) =>
            {
                var id = new VifId(domId, devId);
                return VifName.TryParseDefault(id.DefaultName, out var parsed, out _) && parsed == id
                    && Regex.IsMatch(id.DefaultName, VifName.DefaultRule) && id.DefaultName.Length <= InterfaceName.MaxLength;
            });
}
