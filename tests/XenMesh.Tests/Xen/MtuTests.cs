using System.Globalization;
using FsCheck.Xunit;
using XenMesh.Node.Xen;

namespace XenMesh.Tests.Xen;

public sealed class MtuTests
{
    [Theory]
    [InlineData("68", 68)]
    [InlineData("1500", 1500)]
    [InlineData("9000", 9000)]
    [InlineData("65535", 65535)]
    public void Mtus_in_range_are_accepted(string text, int mtu)
    {
        Assert.True(Mtu.TryParse(text, out var value, out var error), error);
        Assert.Equal(mtu, value);
    }

    [Theory]
    [InlineData("67")]
    [InlineData("65536")]
    [InlineData("0")]
    [InlineData("-1500")]
    [InlineData("+1500")]
    [InlineData("01500")]
    [InlineData(" 1500")]
    [InlineData("1500;reboot")]
    [InlineData("0x5dc")]
    [InlineData("1500\n")]
    [InlineData("")]
    [InlineData(null)]
    public void Anything_else_is_refused_naming_value_and_rule(string? text)
    {
        Assert.False(Mtu.TryParse(text, out _, out var error));
        Assert.Contains("68..65535", error, StringComparison.Ordinal);
    }

    [Property]
    public bool An_accepted_mtu_is_in_range_and_written_canonically(string? text) =>
        !Mtu.TryParse(text, out var mtu, out _) || (mtu is >= 68 and <= 65535 && mtu.ToString(CultureInfo.InvariantCulture) == text);
}
