using XenMesh.Node.Rip.Codec;

namespace XenMesh.Fuzz.Rip;

/// <summary>
/// The RIP codec's contract on hostile input: decoding throws nothing but <see cref="RipFormatException"/>,
/// what decodes re-encodes to a packet that decodes to the same message, and checking a keyed-MD5 digest
/// never throws. Any other exception is a finding.
/// </summary>
internal static class RipFuzzTarget
{
    private static readonly byte[] Key = "xenmesh"u8.ToArray();

    public static void Run(ReadOnlySpan<byte> input)
    {
        RipKeyedMd5.Verify(input, Key);
        RipMessage message;
        try
        {
            message = RipDecoder.Decode(input);
        }
        catch (RipFormatException)
        {
            return;
        }

        if (RipDecoder.Decode(RipEncoder.Encode(message)) != message)
            throw new InvalidOperationException("a decoded message did not survive re-encoding");
    }
}
