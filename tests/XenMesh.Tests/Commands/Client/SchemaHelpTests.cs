using XenMesh.Messages.Commands;
using XenMesh.Node.Commands.Client;

namespace XenMesh.Tests.Commands.Client;

public sealed class SchemaHelpTests
{
    [Fact]
    public void Usage_marks_optional_repeatable_and_flag_switches()
    {
        var palette = new PaletteDefinition("lease", "leases",
        [
            new CommandDefinition("list", "leases", [
                new ArgumentDefinition("host", "one dom0", ["-H"]),
                new ArgumentDefinition("subnet", "subnets", ["-s"], IsMandatory: true, AllowMultiple: true),
                new ArgumentDefinition("expired", "only expired", ["-e"], IsFlag: true),
            ]),
        ]);

        Assert.Equal("lease list [-H <host>] -s <subnet>... [-e] [-j]", SchemaHelp.Usage(palette, palette.Commands[0]));
    }

    [Fact]
    public void An_empty_schema_says_so()
    {
        using var writer = new StringWriter();

        SchemaHelp.WriteOverview(writer, new SchemaResponse("kubikal", "0.1.0", []));

        Assert.Equal("xenmesh 0.1.0 on host kubikal\nThis node serves no palettes.\n", writer.ToString().ReplaceLineEndings("\n"));
    }
}
