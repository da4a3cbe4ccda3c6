using XenMesh.Messages.Values;

namespace XenMesh.Tests.Messages.Values;

public sealed class MacAddressTests
{
    [Fact]
    public void Six_octets_read_back_as_the_address_that_wrote_them()
    {
        var mac = MacAddress.Parse("00:16:3e:12:34:56");
        Span<byte> octets = stackalloc byte[6];
        mac.WriteTo(octets);

        Assert.Equal(mac.ToBytes(), octets.ToArray());
        Assert.True(MacAddress.TryRead(octets, out var back, out var error), error);
        Assert.Equal(mac, back);
    }

    [Theory]
    [InlineData(new byte[] { 0, 0, 0, 0, 0, 0 }, "all-zero")]
    [InlineData(new byte[] { 1, 0, 0, 0, 0, 1 }, "multicast")]
    [InlineData(new byte[] { 0, 0x16, 0x3e, 0, 0 }, "six octets")]
    public void Octets_that_are_no_guest_address_are_refused_as_text_is(byte[] octets, string reason)
    {
        Assert.False(MacAddress.TryRead(octets, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }
}
