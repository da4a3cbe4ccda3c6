using XenMesh.Node.Xen;

namespace XenMesh.Tests.Xen;

public sealed class XenUuidTests
{
    [Fact]
    public void A_uuid_and_a_vm_path_parse()
    {
        Assert.True(XenUuid.TryParse("6f1c3ea4-0b6e-4a52-9a43-3c5e2d1b7f00", out var uuid, out _));
        Assert.True(XenUuid.TryParseVmPath("/vm/6f1c3ea4-0b6e-4a52-9a43-3c5e2d1b7f00", out var fromPath, out _));
        Assert.Equal(uuid, fromPath);
    }

    [Theory]
    [InlineData("6f1c3ea40b6e4a529a433c5e2d1b7f00")]
    [InlineData("{6f1c3ea4-0b6e-4a52-9a43-3c5e2d1b7f00}")]
    [InlineData("6f1c3ea4-0b6e-4a52-9a43-3c5e2d1b7f00;x")]
    [InlineData("")]
    public void Other_spellings_are_refused(string text)
    {
        Assert.False(XenUuid.TryParse(text, out _, out var error));
        Assert.Contains(XenUuid.Rule, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/vm/")]
    [InlineData("vm/6f1c3ea4-0b6e-4a52-9a43-3c5e2d1b7f00")]
    [InlineData("/local/domain/5/vm")]
    public void Other_vm_paths_are_refused(string text) => Assert.False(XenUuid.TryParseVmPath(text, out _, out _));
}
