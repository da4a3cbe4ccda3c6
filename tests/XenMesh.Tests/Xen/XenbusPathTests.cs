using FsCheck.Xunit;
using XenMesh.Node.Xen;

namespace XenMesh.Tests.Xen;

public sealed class XenbusPathTests
{
    [Theory]
    [InlineData("backend/vif/5/0", 5, 0)]
    [InlineData("backend/vif/32751/10", 32751, 10)]
    public void Dom0_backend_paths_give_domid_and_devid(string path, int domId, int devId)
    {
        Assert.True(XenbusPath.TryParse(path, out var id, out var error), error);
        Assert.Equal(new VifId(domId, devId), id);
        Assert.Equal(path, id.XenbusPath);
    }

    [Theory]
    [InlineData("/local/domain/0/backend/vif/5/0")]
    [InlineData("backend/vif/5/0/")]
    [InlineData("backend/vbd/5/0")]
    [InlineData("backend/vif/05/0")]
    [InlineData("backend/vif/5/0;reboot")]
    [InlineData("backend/vif/5/-1")]
    [InlineData("backend/vif/5")]
    [InlineData("backend/vif/5/0\n")]
    [InlineData("")]
    [InlineData(null)]
    public void Other_paths_are_refused_naming_value_and_rule(string? path)
    {
        Assert.False(XenbusPath.TryParse(path, out _, out var error));
        Assert.Contains(XenbusPath.Rule, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("backend/vif/0/0")]
    [InlineData("backend/vif/32752/0")]
    public void Non_guest_domids_are_refused(string path)
    {
        Assert.False(XenbusPath.TryParse(path, out _, out var error));
        Assert.Contains("not a guest domid", error, StringComparison.Ordinal);
    }

    [Property]
    public bool An_accepted_path_is_exactly_the_canonical_path_of_its_vif(string? path) =>
        !XenbusPath.TryParse(path, out var id, out _) || id.XenbusPath == path;
}
