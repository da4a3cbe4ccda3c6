using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using XenMesh.Node.Dhcp.Codec;

namespace XenMesh.Tests.Dhcp.Codec;

public sealed class DhcpCodecProperties
{
    private static readonly byte[][] Seeds =
    [
        .. new[] { "udhcpc-discover-hostname", "udhcpc-discover-fqdn-requested-ip", "dhclient-discover-hostname", "dhclient-discover-fqdn-encoded", "dhclient-request-init-reboot" }
            .Select(CodecTestData.Captured),
        .. GoldenPacketTests.Conversation.Select(row => (byte[])row.Data.Item3),
    ];

    [Property(Arbitrary = [typeof(DhcpArbitraries)], MaxTest = 300)]
    public void Any_message_survives_encode_then_decode(DhcpMessage message)
    {
        var result = DhcpEncoder.Encode(message, DhcpLimits.MaxMessageLength);

        Assert.Empty(result.DroppedOptions);
        Assert.Equal(message, DhcpDecoder.Decode(result.Packet));
    }

    [Property(Arbitrary = [typeof(DhcpArbitraries)], MaxTest = 300)]
    public void A_reply_fits_548_octets_and_decodes_to_the_message_less_what_was_dropped(DhcpMessage message)
    {
        var result = DhcpEncoder.Encode(message);

        Assert.InRange(result.Packet.Length, DhcpLimits.BootpMinimumLength, DhcpLimits.DefaultMaxReplyLength);
        var kept = new DhcpOptionSet(message.Options.Where(o => !result.DroppedOptions.Contains(o.Code)));
        Assert.Equal(message with { Options = kept }, DhcpDecoder.Decode(result.Packet));
    }

    [Property(MaxTest = 1000)]
    public void Arbitrary_octets_decode_or_fail_with_a_format_error(byte[] packet) => AssertContract(packet);

    [Property(MaxTest = 2000)]
    public Property An_arbitrary_options_area_after_a_valid_header_decodes_or_fails_with_a_format_error() =>
        Prop.ForAll(OptionLikeOctets.ToArbitrary(), options => AssertContract(RfcPacket.Request(options)));

    [Property(MaxTest = 2000)]
    public Property Mutated_real_packets_decode_or_fail_with_a_format_error() =>
        Prop.ForAll(Mutations.ToArbitrary(), AssertContract);

    /// <summary>The contract the fuzz target checks: decode or a format error; what decodes survives re-encoding.</summary>
    internal static void AssertContract(byte[] packet)
    {
        DhcpMessage message;
        try
        {
            message = DhcpDecoder.Decode(packet);
        }
        catch (DhcpFormatException e)
        {
            Assert.True(Enum.IsDefined(e.Reason));
            return;
        }

        var reencoded = DhcpEncoder.Encode(message, DhcpLimits.MaxMessageLength);
        Assert.Empty(reencoded.DroppedOptions);
        Assert.Equal(message, DhcpDecoder.Decode(reencoded.Packet));
    }

    /// <summary>Mostly option-shaped runs (a code, a plausible length, data) with pad, end and 52 mixed in.</summary>
    private static Gen<byte[]> OptionLikeOctets =>
        Gen.Frequency(
                (6, from code in Gen.Elements<byte>(1, 3, 6, 12, 15, 50, 51, 53, 55, 57, 61, 81, 82, 119, 200)
                    from length in Gen.Frequency((5, Gen.Choose(0, 12)), (1, Gen.Choose(0, 255)))
                    from data in Gen.ArrayOf(Gen.Choose(0, 255).Select(i => (byte)i), length)
                    select (byte[])[code, (byte)length, .. data]),
                (1, Gen.Elements<byte[]>([0], [255], [52, 1, 1], [52, 1, 3], [52, 1, 9], [0xc0, 0x00])),
                (1, Gen.Choose(0, 8).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 255).Select(i => (byte)i), n))))
            .ListOf()
            .Select(parts => parts.SelectMany(p => p).ToArray());

    /// <summary>A captured or golden packet with a few octets overwritten, cut short or extended.</summary>
    private static Gen<byte[]> Mutations =>
        from seed in Gen.Elements(Seeds)
        from edits in Gen.Choose(1, 6)
        from positions in Gen.ArrayOf(Gen.Choose(0, seed.Length - 1), edits)
        from values in Gen.ArrayOf(Gen.Choose(0, 255), edits)
        from cut in Gen.Frequency((4, Gen.Constant(seed.Length)), (1, Gen.Choose(200, seed.Length)), (1, Gen.Choose(seed.Length, seed.Length + 300)))
        select Mutate(seed, positions, values, cut);

    private static byte[] Mutate(byte[] seed, int[] positions, int[] values, int length)
    {
        var packet = new byte[length];
        seed.AsSpan(0, Math.Min(length, seed.Length)).CopyTo(packet);
        for (var i = 0; i < positions.Length; i++)
        {
            if (positions[i] < length)
                packet[positions[i]] = (byte)values[i];
        }

        return packet;
    }
}
