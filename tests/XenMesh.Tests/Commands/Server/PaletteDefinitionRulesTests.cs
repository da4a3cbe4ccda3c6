using XenMesh.Messages.Commands;
using XenMesh.Node.Commands.Server;

namespace XenMesh.Tests.Commands.Server;

public sealed class PaletteDefinitionRulesTests
{
    [Fact]
    public void Accepts_a_well_formed_palette() => Assert.Empty(PaletteDefinitionRules.Check([new TestPalette().Definition]));

    public static TheoryData<PaletteDefinition, string> Broken => new()
    {
        { Palette("Vif", Command("list")), "palette 'Vif': name must be lower-case words joined by '-'" },
        { Palette("help", Command("list")), "palette 'help': the name is reserved by the client" },
        { Palette("vif", Command("list_all")), "vif list_all: command name must be lower-case words joined by '-'" },
        { Palette("vif", Command("list"), Command("list")), "vif list: command defined more than once" },
        { Palette("vif", Command("show", Argument("vif", "-v"), Argument("vif", "-w"))), "vif show: argument 'vif' defined more than once" },
        { Palette("vif", Command("show", Argument("vif", "-v"), Argument("verbose", "-v"))), "vif show: switch '-v' used by more than one argument" },
        { Palette("vif", Command("show", Argument("vif"))), "vif show: argument 'vif' has no switch" },
        { Palette("vif", Command("show", Argument("vif", "--vif"))), "vif show: switch '--vif' must be a single dash and letters or digits" },
        { Palette("vif", Command("show", Argument("jq", "-j"))), "vif show: switch '-j' is reserved by the client" },
        {
            Palette("vif", Command("show", new ArgumentDefinition("all", "every vif", ["-a"], IsMandatory: true, IsFlag: true))),
            "vif show: flag 'all' cannot be mandatory"
        },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void Names_what_is_wrong(PaletteDefinition palette, string expected) =>
        Assert.Equal([expected], PaletteDefinitionRules.Check([palette]));

    [Fact]
    public void Refuses_two_palettes_of_one_name() =>
        Assert.Equal(["palette 'vif' is registered more than once"], PaletteDefinitionRules.Check([Palette("vif"), Palette("vif")]));

    private static PaletteDefinition Palette(string name, params CommandDefinition[] commands) => new(name, "a palette", commands);

    private static CommandDefinition Command(string name, params ArgumentDefinition[] arguments) => new(name, "a command", arguments);

    private static ArgumentDefinition Argument(string name, params string[] switches) => new(name, "an argument", switches);
}
