using XenMesh.Node.Dhcp.Codec;

namespace XenMesh.Fuzz.Dhcp;

/// <summary>
/// The DHCP codec's contract on hostile input: decoding throws nothing but
/// <see cref="DhcpFormatException"/>, and what decodes re-encodes to a packet that decodes to the
/// same message. Any other exception is a finding.
/// </summary>
internal static class DhcpFuzzTarget
{
    public static void Run(ReadOnlySpan<byte> input)
    {
        DhcpMessage message;
        try
        {
            message = DhcpDecoder.Decode(input);
        }
        catch (DhcpFormatException)
        {
            return;
        }

        var encoded = DhcpEncoder.Encode(message, DhcpLimits.MaxMessageLength);
        if (encoded.DroppedOptions.Count != 0 || DhcpDecoder.Decode(encoded.Packet) != message)
            throw new InvalidOperationException("a decoded message did not survive re-encoding");
    }
}
