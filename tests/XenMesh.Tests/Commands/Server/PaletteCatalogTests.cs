using XenMesh.Node.Commands;
using XenMesh.Node.Commands.Server;

namespace XenMesh.Tests.Commands.Server;

public sealed class PaletteCatalogTests
{
    [Fact]
    public void Refuses_to_serve_palettes_that_break_the_rules()
    {
        ICommandPalette[] palettes = [new TestPalette(), new TestPalette()];

        var e = Assert.Throws<InvalidOperationException>(() => new PaletteCatalog(palettes, "kubikal", "0.1.0"));

        Assert.Equal("invalid command palettes: palette 'test' is registered more than once", e.Message);
    }

    [Fact]
    public void Publishes_the_palettes_sorted_by_name_with_host_and_version()
    {
        var palette = new TestPalette();

        var catalog = new PaletteCatalog([palette], "kubikal", "0.1.0");

        Assert.Equal("kubikal", catalog.Schema.Host);
        Assert.Equal("0.1.0", catalog.Schema.Version);
        Assert.Same(palette.Definition, Assert.Single(catalog.Schema.Palettes));
        Assert.Same(palette, catalog["test"]);
    }
}
