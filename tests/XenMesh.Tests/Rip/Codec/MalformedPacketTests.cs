using XenMesh.Node.Rip.Codec;

namespace XenMesh.Tests.Rip.Codec;

public sealed class MalformedPacketTests
{
    private static readonly string Route = Convert.ToHexString(GoldenPacketTests.OneRouteResponse[4..]);

    public static TheoryData<string, RipFormatError> Packets => new()
    {
        { "", RipFormatError.TooShort },
        { "020200", RipFormatError.TooShort },
        { "03020000", RipFormatError.UnknownCommand },
        { "00020000", RipFormatError.UnknownCommand },
        { "02010000" + Route, RipFormatError.UnsupportedVersion },
        { "02000000", RipFormatError.UnsupportedVersion },
        { "02020000" + Route + "00", RipFormatError.NotWholeEntries },
        { "02020000" + string.Concat(Enumerable.Repeat(Route, 26)), RipFormatError.TooManyEntries },
        { "02020000" + string.Concat(Enumerable.Repeat(Route, 27)), RipFormatError.TooLong },
        { "02020000" + Route[..^8] + "00000000", RipFormatError.BadMetric },
        { "02020000" + Route[..^8] + "00000011", RipFormatError.BadMetric },
        { "010200000002000000000000000000000000000000000011", RipFormatError.BadMetric },
        { "0202000000020000c0a80000ff00ff00c0a80b6400000001", RipFormatError.BadMask },
        { "0202000000020000c0a80001ffffff00c0a80b6400000001", RipFormatError.HostBitsSet },
        { "02020000" + "0000000000000000000000000000000000000010", RipFormatError.BadWholeTableRequest },
        { "01020000" + "0000000000000000000000000000000000000001", RipFormatError.BadWholeTableRequest },
        { "01020000" + "0000000000000000000000000000000000000010" + Route, RipFormatError.BadWholeTableRequest },
        { "02020000" + Route + "ffff0002" + new string('0', 32), RipFormatError.AuthenticationNotFirst },
        { "02020000" + "ffff0001" + new string('0', 32) + Route, RipFormatError.UnknownAuthentication },
        { "02020000" + "ffff0003002c011000000001" + new string('0', 16) + Route + "ffff0001" + new string('0', 32), RipFormatError.BadAuthentication },
        { "02020000" + "ffff0003002b011400000001" + new string('0', 16) + Route + "ffff0001" + new string('0', 32), RipFormatError.BadAuthentication },
        { "02020000" + "ffff00030018011400000001" + new string('0', 16) + Route, RipFormatError.BadTrailer },
        { "02020000" + "ffff0003002c011400000001" + new string('0', 16) + Route + "ffff0002" + new string('0', 32), RipFormatError.BadTrailer },
        { "02020000" + "ffff0003002c011400000001" + new string('0', 16) + Route, RipFormatError.BadAuthentication },
    };

    [Theory]
    [MemberData(nameof(Packets))]
    public void A_malformed_packet_fails_with_its_reason(string hex, RipFormatError reason)
    {
        var packet = Convert.FromHexString(hex);

        var error = Assert.Throws<RipFormatException>(() => RipDecoder.Decode(packet));

        Assert.Equal(reason, error.Reason);
    }

    [Fact]
    public void Verify_refuses_packets_that_are_not_keyed_md5_without_throwing()
    {
        Assert.False(RipKeyedMd5.Verify(GoldenPacketTests.OneRouteResponse, GoldenPacketTests.Secret));
        Assert.False(RipKeyedMd5.Verify([], GoldenPacketTests.Secret));
        Assert.False(RipKeyedMd5.Verify(new byte[600], GoldenPacketTests.Secret));
    }
}
