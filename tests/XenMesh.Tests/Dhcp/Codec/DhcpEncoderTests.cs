using System.Net;
using XenMesh.Node.Dhcp.Codec;

namespace XenMesh.Tests.Dhcp.Codec;

public sealed class DhcpEncoderTests
{
    private static readonly IPAddress Server = IPAddress.Parse("192.168.0.254");

    private static readonly DhcpMessage Ack = new()
    {
        Operation = DhcpOperation.BootReply,
        TransactionId = 7,
        YourAddress = IPAddress.Parse("192.168.0.17"),
        Options =
        [
            new MessageTypeOption(DhcpMessageType.Ack),
            new ServerIdentifierOption(Server),
            new LeaseTimeOption(259200),
        ],
    };

    [Fact]
    public void A_short_reply_is_padded_to_the_bootp_minimum_after_its_end_option()
    {
        var packet = DhcpEncoder.Encode(Ack).Packet.Span;

        Assert.Equal(300, packet.Length);
        Assert.Equal(255, packet[240 + 3 + 6 + 6]);
        Assert.True(packet[(240 + 16)..].IndexOfAnyExcept((byte)0) < 0);
    }

    [Fact]
    public void An_option_longer_than_255_octets_is_split_into_consecutive_instances()
    {
        var name = new string('n', 300);
        var message = Ack with { Options = Ack.Options.With(new HostNameOption(name)) };

        var result = DhcpEncoder.Encode(message, 1000);

        var packet = result.Packet.Span;
        var at = 240 + 3 + 6 + 6;
        Assert.Equal([12, 255], packet.Slice(at, 2).ToArray());
        Assert.Equal([12, 45], packet.Slice(at + 2 + 255, 2).ToArray());
        Assert.Equal(255, packet[at + 2 + 255 + 2 + 45]);
        Assert.Equal(message, DhcpDecoder.Decode(result.Packet));
    }

    [Fact]
    public void A_long_option_that_overflows_548_octets_continues_in_file()
    {
        var message = Ack with { Options = Ack.Options.With(new HostNameOption(new string('n', 300))) };

        var result = DhcpEncoder.Encode(message);

        var packet = result.Packet.Span;
        Assert.Empty(result.DroppedOptions);
        Assert.Equal([12, 255], packet.Slice(255, 2).ToArray());
        Assert.Equal([12, 30], packet.Slice(255 + 257, 2).ToArray());
        Assert.Equal([52, 1, 1, 255], packet.Slice(255 + 257 + 32, 4).ToArray());
        Assert.Equal([12, 15], packet.Slice(108, 2).ToArray());
        Assert.Equal(255, packet[108 + 17]);
        Assert.Equal(DhcpLimits.DefaultMaxReplyLength, packet.Length);
        Assert.Equal(message, DhcpDecoder.Decode(result.Packet));
    }

    [Fact]
    public void Options_that_overflow_548_octets_go_into_file_then_sname_with_option_52()
    {
        var message = Ack with
        {
            Options = [.. Ack.Options, new HostNameOption(new string('h', 200)), new DomainNameOption(new string('d', 100)), new MessageOption(new string('m', 50))],
        };

        var result = DhcpEncoder.Encode(message);

        var packet = result.Packet.Span;
        Assert.Empty(result.DroppedOptions);
        Assert.InRange(packet.Length, 300, DhcpLimits.DefaultMaxReplyLength);
        Assert.Equal([15, 100], packet.Slice(108, 2).ToArray());
        Assert.Equal(255, packet[108 + 102]);
        Assert.Equal([56, 50], packet.Slice(44, 2).ToArray());
        Assert.Equal(255, packet[44 + 52]);
        Assert.Equal(message, DhcpDecoder.Decode(result.Packet));
        Assert.Contains(new byte[] { 52, 1, 3, 255 }, Windows(packet.ToArray(), 4));
    }

    [Fact]
    public void A_message_with_a_boot_file_name_overloads_only_sname()
    {
        var message = Ack with
        {
            BootFileName = "pxelinux.0",
            Options = [.. Ack.Options, new HostNameOption(new string('h', 250)), new DomainNameOption(new string('d', 40))],
        };

        var result = DhcpEncoder.Encode(message);

        Assert.Empty(result.DroppedOptions);
        Assert.Equal([15, 40], result.Packet.Span.Slice(44, 2).ToArray());
        Assert.Contains(new byte[] { 52, 1, 2, 255 }, Windows(result.Packet.ToArray(), 4));
        Assert.Equal(message, DhcpDecoder.Decode(result.Packet));
    }

    [Fact]
    public void Options_that_do_not_fit_anywhere_are_dropped_from_the_lowest_priority_and_reported()
    {
        var message = Ack with
        {
            ServerName = "next",
            BootFileName = "boot",
            Options = [.. Ack.Options, new HostNameOption(new string('h', 250)), new DomainNameOption(new string('d', 40)), new MessageOption("fits")],
        };

        var result = DhcpEncoder.Encode(message);

        Assert.Equal([DhcpOptionCode.DomainName], result.DroppedOptions);
        Assert.InRange(result.Packet.Length, 300, DhcpLimits.DefaultMaxReplyLength);
        Assert.Equal(message with { Options = message.Options.Without(DhcpOptionCode.DomainName) }, DhcpDecoder.Decode(result.Packet));
    }

    [Fact]
    public void A_larger_limit_from_option_57_keeps_everything_in_the_options_field()
    {
        var request = new DhcpMessage { Options = [new MessageTypeOption(DhcpMessageType.Request), new MaxMessageSizeOption(1500)] };
        var message = Ack with { Options = [.. Ack.Options, new HostNameOption(new string('h', 250)), new DomainNameOption(new string('d', 250))] };

        var result = DhcpEncoder.Encode(message, DhcpReplyOptions.MaxReplyLength(request));

        Assert.Empty(result.DroppedOptions);
        Assert.DoesNotContain(new byte[] { 52, 1 }, Windows(result.Packet.ToArray(), 2));
        Assert.Equal(0, result.Packet.Span[108]);
        Assert.Equal(message, DhcpDecoder.Decode(result.Packet));
    }

    [Fact]
    public void A_reply_built_from_a_request_does_not_echo_relay_information()
    {
        var request = new DhcpMessage
        {
            TransactionId = 42,
            Flags = DhcpFlagBits.Broadcast,
            ClientHardwareAddress = ClientHardwareAddress.FromBytes([0, 0x16, 0x3e, 1, 2, 3]),
            Options = [new MessageTypeOption(DhcpMessageType.Discover), new RelayAgentInformationOption([1, 2, 0xab, 0xcd])],
        };

        var reply = request.CreateReply([new MessageTypeOption(DhcpMessageType.Offer), new ServerIdentifierOption(Server)]);
        var decoded = DhcpDecoder.Decode(DhcpEncoder.Encode(reply).Packet);

        Assert.Null(decoded.Options.Get<RelayAgentInformationOption>());
        Assert.Equal((DhcpOperation.BootReply, 42u, DhcpFlagBits.Broadcast), (decoded.Operation, decoded.TransactionId, decoded.Flags));
        Assert.Equal(request.ClientHardwareAddress, decoded.ClientHardwareAddress);
    }

    [Fact]
    public void Relay_information_given_explicitly_is_written()
    {
        var message = Ack with { Options = Ack.Options.With(new RelayAgentInformationOption([1, 2, 0xab, 0xcd])) };

        Assert.Contains(new byte[] { 82, 4, 1, 2, 0xab, 0xcd }, Windows(DhcpEncoder.Encode(message).Packet.ToArray(), 6));
    }

    [Fact]
    public void A_domain_search_list_is_compressed_against_earlier_names()
    {
        var option = new DomainSearchOption(["eng.example.org", "example.org", "xen"]);
        var message = Ack with { Options = [option] };

        var packet = DhcpEncoder.Encode(message).Packet.ToArray();

        byte[] expected =
        [
            119, 24,
            3, .. "eng"u8, 7, .. "example"u8, 3, .. "org"u8, 0,
            0xc0, 4,
            3, .. "xen"u8, 0,
        ];
        Assert.Equal(expected, packet[240..(240 + expected.Length)]);
        Assert.Equal(option, DhcpDecoder.Decode(packet).Options.Single());
    }

    [Theory]
    [InlineData(299)]
    [InlineData(DhcpLimits.MaxMessageLength + 1)]
    public void The_limit_must_lie_between_the_bootp_minimum_and_the_largest_udp_payload(int maxLength)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DhcpEncoder.Encode(Ack, maxLength));
    }

    private static IEnumerable<byte[]> Windows(byte[] packet, int size) =>
        Enumerable.Range(0, packet.Length - size + 1).Select(i => packet[i..(i + size)]);
}
