using FsCheck.Xunit;
using XenMesh.Node.Dhcp.Codec;

namespace XenMesh.Tests.Dhcp.Codec;

/// <summary>The encoder writes each option straight into the packet, so an option must write exactly the octets it announces.</summary>
public sealed class DhcpOptionDataProperties
{
    private const byte Untouched = 0xa5;

    [Property(Arbitrary = [typeof(DhcpArbitraries)], MaxTest = 300)]
    public void Every_option_writes_exactly_its_data_length_and_decodes_back_to_itself(DhcpMessage message)
    {
        foreach (var option in message.Options)
        {
            var buffer = new byte[option.DataLength + 8];
            buffer.AsSpan().Fill(Untouched);

            option.WriteData(buffer);

            Assert.True(buffer.AsSpan(option.DataLength).IndexOfAnyExcept(Untouched) < 0, $"option {(byte)option.Code} wrote past its length");
            Assert.Equal(option, DhcpOptionDecoder.Decode(option.Code, buffer.AsSpan(0, option.DataLength)));
        }
    }
}
