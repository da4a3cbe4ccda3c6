using XenMesh.Node.Linux;

namespace XenMesh.Tests.Linux;

public sealed class InterfaceNameTests
{
    [Theory]
    [InlineData("br0")]
    [InlineData("vif1.0")]
    [InlineData("vif32751.10-emu")]
    [InlineData("xenbr0")]
    [InlineData("a")]
    public void Accepts_kernel_names_xen_uses(string name)
    {
        Assert.True(InterfaceName.IsValid(name));
        Assert.Null(InterfaceName.Explain(name));
    }

    [Theory]
    [InlineData("vif1.0\n")]
    [InlineData("\nvif1.0")]
    [InlineData("vif1.0;reboot")]
    [InlineData("-x")]
    [InlineData("vif1.0 x")]
    [InlineData("vif32751.100-emu")]
    [InlineData("a/b")]
    [InlineData("a:b")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("brü")]
    [InlineData("")]
    public void Refuses_names_that_are_unsafe_or_the_kernel_would_refuse(string name)
    {
        Assert.False(InterfaceName.IsValid(name));
        Assert.NotNull(InterfaceName.Explain(name));
    }
}
