using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using XenMesh.Node.Rip.Codec;

namespace XenMesh.Tests.Rip.Codec;

public sealed class RipCodecProperties
{
    [Property(Arbitrary = [typeof(RipArbitraries)], MaxTest = 500)]
    public void Any_message_survives_encode_then_decode(RipMessage message)
    {
        var packet = RipEncoder.Encode(message);

        Assert.InRange(packet.Length, RipLayout.HeaderLength, RipLayout.MaxPacketLength);
        Assert.Equal(message, RipDecoder.Decode(packet));
    }

    [Property(Arbitrary = [typeof(RipArbitraries)], MaxTest = 200)]
    public void A_signed_packet_verifies_with_its_key_only(RipMessage message, byte[] key)
    {
        var signedMessage = message with { Authentication = new RipKeyedMd5Authentication(7, 1, 0) };
        if (signedMessage.Entries.Length > RipLayout.RoutesPerPacket(authenticated: true))
            return;
        var secret = key.Take(RipKeyedMd5.MaxKeyLength).ToArray();
        var packet = RipEncoder.Encode(signedMessage);

        RipKeyedMd5.Sign(packet, secret);

        Assert.True(RipKeyedMd5.Verify(packet, secret));
        Assert.False(RipKeyedMd5.Verify(packet, [.. secret, 1]));
        packet[packet.Length - RipLayout.Md5TrailerLength - 1] ^= 0x01;
        Assert.False(RipKeyedMd5.Verify(packet, secret));
    }

    [Property(MaxTest = 2000)]
    public void Arbitrary_octets_decode_or_fail_with_a_format_error(byte[] packet) => AssertContract(packet);

    [Property(MaxTest = 2000)]
    public Property Mutated_valid_packets_decode_or_fail_with_a_format_error() =>
        Prop.ForAll(Mutations.ToArbitrary(), AssertContract);

    /// <summary>The contract the fuzz target checks: decode or a format error; what decodes survives re-encoding.</summary>
    internal static void AssertContract(byte[] packet)
    {
        RipMessage message;
        try
        {
            message = RipDecoder.Decode(packet);
        }
        catch (RipFormatException)
        {
            return;
        }

        Assert.Equal(message, RipDecoder.Decode(RipEncoder.Encode(message)));
    }

    private static Gen<byte[]> Mutations =>
        from message in RipArbitraries.Message
        let packet = RipEncoder.Encode(message)
        from position in Gen.Choose(0, packet.Length - 1)
        from value in Gen.Choose(0, 255)
        from cut in Gen.Choose(0, packet.Length)
        from truncate in Gen.Elements(true, false)
        select Mutate(packet, position, (byte)value, truncate ? cut : packet.Length);

    private static byte[] Mutate(byte[] packet, int position, byte value, int length)
    {
        var copy = packet.ToArray();
        copy[position] = value;
        return copy[..length];
    }
}
