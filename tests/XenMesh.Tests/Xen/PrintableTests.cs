using FsCheck.Xunit;
using XenMesh.Node.Xen;

namespace XenMesh.Tests.Xen;

public sealed class PrintableTests
{
    [Theory]
    [InlineData("vif1.0", "'vif1.0'")]
    [InlineData("a\nb", "'a\\u000ab'")]
    [InlineData("it's", "'it\\u0027s'")]
    [InlineData(null, "(none)")]
    public void Values_are_quoted_and_escaped(string? value, string shown) => Assert.Equal(shown, Printable.Quote(value));

    [Property]
    public bool A_quoted_value_is_one_line_of_printable_ascii(string? value) =>
        Printable.Quote(value).All(c => c is >= ' ' and <= '~');
}
