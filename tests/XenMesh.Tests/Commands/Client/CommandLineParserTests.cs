using XenMesh.Messages.Commands;
using XenMesh.Node.Commands.Client;

namespace XenMesh.Tests.Commands.Client;

public sealed class CommandLineParserTests
{
    private static readonly IReadOnlyList<PaletteDefinition> Palettes = [new TestPalette().Definition];

    [Fact]
    public void Resolves_switches_to_argument_names_in_any_order()
    {
        Assert.True(CommandLineParser.TryParse(["test", "echo", "-u", "-p", "#", "-t", "a", "-T", "b c"], Palettes, out var request, out _));

        Assert.Equal("test", request.Palette);
        Assert.Equal("echo", request.Command);
        Assert.False(request.Json);
        Assert.Equal(
            [new ArgumentValue("upper", null), new ArgumentValue("prefix", "#"), new ArgumentValue("text", "a"), new ArgumentValue("text", "b c")],
            request.Arguments);
    }

    [Theory]
    [InlineData("-j")]
    [InlineData("--json")]
    public void Json_switch_is_the_clients_own_and_may_come_anywhere(string json)
    {
        Assert.True(CommandLineParser.TryParse(["test", "echo", json, "-t", "a"], Palettes, out var request, out _));

        Assert.True(request.Json);
        Assert.Equal([new ArgumentValue("text", "a")], request.Arguments);
    }

    [Fact]
    public void A_value_may_start_with_a_dash_when_it_is_not_a_switch()
    {
        Assert.True(CommandLineParser.TryParse(["test", "echo", "-t", "-5"], Palettes, out var request, out _));

        Assert.Equal([new ArgumentValue("text", "-5")], request.Arguments);
    }

    [Theory]
    [InlineData("nope echo", "unknown palette 'nope'", false, false)]
    [InlineData("test", "palette 'test' needs a command", true, false)]
    [InlineData("test nope", "unknown command 'nope' in palette 'test'", true, false)]
    [InlineData("test echo -t a -x 1", "test echo: unknown switch -x", true, true)]
    [InlineData("test echo -u", "test echo: missing mandatory -t <text>", true, true)]
    [InlineData("test echo -t a -u yes", "test echo: unexpected 'yes': -u is a flag and takes no value", true, true)]
    [InlineData("test echo -t a stray", "test echo: unexpected 'stray': a value follows its switch", true, true)]
    [InlineData("test echo -t a -p > -p #", "test echo: -p may be given only once", true, true)]
    [InlineData("test echo -t", "test echo: -t needs a value", true, true)]
    [InlineData("test echo -t -u", "test echo: -t needs a value", true, true)]
    [InlineData("test echo -p -j -t a", "test echo: -p needs a value", true, true)]
    public void Refuses_before_anything_is_sent(string line, string message, bool knowsPalette, bool knowsCommand)
    {
        Assert.False(CommandLineParser.TryParse(line.Split(' '), Palettes, out _, out var error));

        Assert.Equal(message, error.Message);
        Assert.Equal(knowsPalette, error.Palette is not null);
        Assert.Equal(knowsCommand, error.Command is not null);
    }
}
