using XenMesh.Node.Commands.Client;

namespace XenMesh.Tests.Commands.Client;

public sealed class CommandLineTokenizerTests
{
    [Theory]
    [InlineData("vif show -v vif5.0", new[] { "vif", "show", "-v", "vif5.0" })]
    [InlineData("  spaced \t out  ", new[] { "spaced", "out" })]
    [InlineData("test echo -t \"big world\"", new[] { "test", "echo", "-t", "big world" })]
    [InlineData("test echo -t 'it''s'", new[] { "test", "echo", "-t", "its" })]
    [InlineData("-t 'a \"quoted\" word'", new[] { "-t", "a \"quoted\" word" })]
    [InlineData("-t \"say \\\"hi\\\" \\\\ \\n\"", new[] { "-t", "say \"hi\" \\ \\n" })]
    [InlineData("-t \"\"", new[] { "-t", "" })]
    [InlineData("-tname=\"a b\"c", new[] { "-tname=a bc" })]
    [InlineData("", new string[0])]
    public void Splits_like_a_shell(string line, string[] expected)
    {
        Assert.True(CommandLineTokenizer.TryTokenize(line, out var tokens, out _));
        Assert.Equal(expected, tokens);
    }

    [Theory]
    [InlineData("test echo -t \"open", "unterminated \" quote")]
    [InlineData("test echo -t 'open", "unterminated ' quote")]
    public void Refuses_an_unterminated_quote(string line, string expected)
    {
        Assert.False(CommandLineTokenizer.TryTokenize(line, out _, out var error));
        Assert.Equal(expected, error);
    }
}
