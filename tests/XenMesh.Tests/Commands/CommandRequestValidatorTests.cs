using XenMesh.Messages.Commands;
using XenMesh.Node.Commands;

namespace XenMesh.Tests.Commands;

public sealed class CommandRequestValidatorTests
{
    private static readonly IReadOnlyList<PaletteDefinition> Palettes = [new TestPalette().Definition];

    [Fact]
    public void Groups_values_by_argument_name_in_order()
    {
        var request = new RunCommand("test", "echo", [new("text", "a"), new("upper", null), new("text", "b")], Json: false);

        Assert.True(CommandRequestValidator.TryValidate(request, Palettes, 64, out var validated, out _));

        Assert.Equal("echo", validated.Command.Name);
        Assert.Equal(["a", "b"], validated.Arguments["text"]);
        Assert.Equal([null], validated.Arguments["upper"]);
        Assert.False(validated.Arguments.ContainsKey("prefix"));
    }

    public static TheoryData<RunCommand, string> Refused => new()
    {
        { new RunCommand("nope", "echo", [], false), "unknown palette 'nope'" },
        { new RunCommand("test", "nope", [], false), "unknown command 'nope' in palette 'test'" },
        { new RunCommand("test", "echo", [new("text", "a"), new("colour", "red")], false), "test echo: unknown argument 'colour'" },
        { new RunCommand("test", "echo", [new("text", "a"), new("upper", "yes")], false), "test echo: -u is a flag and takes no value" },
        { new RunCommand("test", "echo", [new("text", null)], false), "test echo: -t needs a value" },
        { new RunCommand("test", "echo", [new("text", "a"), new("prefix", ">"), new("prefix", "#")], false), "test echo: -p may be given only once" },
        { new RunCommand("test", "echo", [new("upper", null)], false), "test echo: missing mandatory -t <text>" },
        { new RunCommand("test", "echo", [new("text", "a"), new("text", "b"), new("text", "c"), new("text", "d")], false), "test echo: 4 arguments, at most 3 are accepted" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Refuses_what_the_schema_does_not_allow(RunCommand request, string expected)
    {
        Assert.False(CommandRequestValidator.TryValidate(request, Palettes, maxArguments: 3, out _, out var error));
        Assert.Equal(expected, error);
    }
}
