using XenMesh.Node.Dhcp.Codec;
using static XenMesh.Node.Dhcp.Codec.DhcpFormatError;

namespace XenMesh.Tests.Dhcp.Codec;

public sealed class MalformedPacketTests
{
    private static readonly byte[] Discover = [53, 1, 1];

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(236)]
    [InlineData(239)]
    public void A_packet_shorter_than_header_and_cookie_is_truncated(int length)
    {
        AssertDropped(RfcPacket.Request(Discover)[..length], TruncatedHeader);
    }

    [Fact]
    public void A_packet_longer_than_any_udp_payload_is_refused_before_it_is_read()
    {
        AssertDropped(RfcPacket.Request(Discover, padTo: DhcpLimits.MaxMessageLength + 1), MessageTooLong);
    }

    [Fact]
    public void Bootp_without_the_magic_cookie_is_not_dhcp()
    {
        var bootp = RfcPacket.Request(Discover);
        bootp[236] = 0;

        AssertDropped(bootp, BadMagicCookie);
    }

    [Theory]
    [InlineData(new byte[] { 53, 1, 1, 12, 10, (byte)'a', (byte)'b' })]
    [InlineData(new byte[] { 53, 1, 1, 12 })]
    [InlineData(new byte[] { 53, 2, 1 })]
    public void An_option_running_past_the_end_of_the_packet_is_an_overrun(byte[] options)
    {
        AssertDropped(RfcPacket.Request(options), OptionOverrun);
    }

    [Fact]
    public void An_options_field_that_ends_without_end_is_tolerated()
    {
        var message = DhcpDecoder.Decode(RfcPacket.Request([53, 1, 1, 12, 2, (byte)'a', (byte)'b']));

        Assert.Equal(DhcpMessageType.Discover, message.MessageType);
        Assert.Equal("ab", message.Options.Get<HostNameOption>()?.Text);
    }

    [Fact]
    public void Octets_after_end_are_ignored()
    {
        var message = DhcpDecoder.Decode(RfcPacket.Request([53, 1, 1, 255, 12, 200, 1]));

        Assert.Single(message.Options);
    }

    [Fact]
    public void Overload_pointing_at_a_file_field_of_garbage_is_an_overrun()
    {
        var garbage = Enumerable.Repeat((byte)0xaa, 128).ToArray();

        AssertDropped(RfcPacket.Request([53, 1, 1, 52, 1, 1, 255], file: garbage), OptionOverrun);
    }

    [Fact]
    public void Overload_pointing_at_an_sname_field_whose_option_runs_past_it_is_an_overrun()
    {
        byte[] sname = [.. new byte[60], 12, 9, (byte)'a', (byte)'b'];

        AssertDropped(RfcPacket.Request([53, 1, 1, 52, 1, 2, 255], sname: sname), OptionOverrun);
    }

    [Fact]
    public void An_option_does_not_run_from_file_on_into_the_magic_cookie()
    {
        byte[] file = [.. new byte[126], 12, 6];

        AssertDropped(RfcPacket.Request([53, 1, 1, 52, 1, 1, 255], file: file), OptionOverrun);
    }

    [Fact]
    public void Overload_inside_the_file_field_is_malformed()
    {
        AssertDropped(RfcPacket.Request([53, 1, 1, 52, 1, 1, 255], file: [52, 1, 2, 255]), BadOverload);
    }

    [Fact]
    public void Overload_inside_the_sname_field_is_malformed()
    {
        AssertDropped(RfcPacket.Request([53, 1, 1, 52, 1, 3, 255], sname: [52, 1, 3, 255], file: [255]), BadOverload);
    }

    [Theory]
    [InlineData(new byte[] { 52, 1, 0 })]
    [InlineData(new byte[] { 52, 1, 4 })]
    [InlineData(new byte[] { 52, 0 })]
    [InlineData(new byte[] { 52, 2, 1, 1 })]
    [InlineData(new byte[] { 52, 1, 1, 52, 1, 2 })]
    public void Overload_must_be_one_octet_of_1_2_or_3(byte[] overload)
    {
        AssertDropped(RfcPacket.Request([53, 1, 1, .. overload, 255]), BadOverload);
    }

    [Fact]
    public void Overloaded_fields_carry_options_and_lose_their_text()
    {
        var message = DhcpDecoder.Decode(RfcPacket.Request(
            [53, 1, 1, 52, 1, 3, 255],
            file: [50, 4, 192, 168, 0, 17, 255],
            sname: [12, 4, (byte)'x', (byte)'e', (byte)'n', (byte)'1']));

        Assert.Equal("", message.BootFileName);
        Assert.Equal("", message.ServerName);
        Assert.Equal("192.168.0.17", message.Options.Get<RequestedAddressOption>()?.Address.ToString());
        Assert.Equal("xen1", message.Options.Get<HostNameOption>()?.Text);
    }

    [Fact]
    public void Without_overload_the_fields_are_text_up_to_the_first_nul()
    {
        var message = DhcpDecoder.Decode(RfcPacket.Request(Discover, sname: [.. "tftp"u8, 0, .. "junk"u8], file: [.. "pxelinux.0"u8]));

        Assert.Equal("tftp", message.ServerName);
        Assert.Equal("pxelinux.0", message.BootFileName);
    }

    [Fact]
    public void Instances_of_one_code_are_concatenated_over_options_file_and_sname_in_that_order()
    {
        var message = DhcpDecoder.Decode(RfcPacket.Request(
            [12, 2, (byte)'a', (byte)'b', 53, 1, 1, 52, 1, 3, 12, 2, (byte)'c', (byte)'d'],
            sname: [12, 2, (byte)'g', (byte)'h'],
            file: [12, 2, (byte)'e', (byte)'f']));

        Assert.Equal("abcdefgh", message.Options.Get<HostNameOption>()?.Text);
        Assert.Equal([DhcpOptionCode.HostName, DhcpOptionCode.MessageType], message.Options.Select(o => o.Code));
    }

    [Fact]
    public void Two_message_types_concatenate_to_a_wrong_length()
    {
        AssertDropped(RfcPacket.Request([53, 1, 1, 53, 1, 3, 255]), BadFixedLength);
    }

    [Theory]
    [InlineData(53, 0)]
    [InlineData(53, 2)]
    [InlineData(1, 0)]
    [InlineData(1, 3)]
    [InlineData(28, 5)]
    [InlineData(50, 0)]
    [InlineData(50, 8)]
    [InlineData(54, 3)]
    [InlineData(51, 0)]
    [InlineData(51, 2)]
    [InlineData(58, 5)]
    [InlineData(59, 8)]
    [InlineData(57, 0)]
    [InlineData(57, 1)]
    public void A_fixed_size_option_with_the_wrong_length_is_malformed(byte code, int length)
    {
        byte[] type = code == 53 ? [] : Discover;

        AssertDropped(RfcPacket.Request([.. type, .. Option(code, length), 255]), BadFixedLength);
    }

    [Theory]
    [InlineData(3, 0)]
    [InlineData(3, 6)]
    [InlineData(6, 0)]
    [InlineData(6, 9)]
    [InlineData(12, 0)]
    [InlineData(15, 0)]
    [InlineData(56, 0)]
    [InlineData(55, 0)]
    [InlineData(61, 0)]
    [InlineData(61, 1)]
    [InlineData(81, 0)]
    [InlineData(81, 2)]
    [InlineData(119, 0)]
    public void A_variable_size_option_outside_its_bounds_is_malformed(byte code, int length)
    {
        AssertDropped(RfcPacket.Request([53, 1, 1, .. Option(code, length), 255]), BadOptionLength);
    }

    [Fact]
    public void Zero_length_options_without_a_minimum_are_kept()
    {
        var message = DhcpDecoder.Decode(RfcPacket.Request([53, 1, 1, 80, 0, 82, 0, 255]));

        Assert.Equal(new UnknownOption((DhcpOptionCode)80, []), message.Options.Find((DhcpOptionCode)80));
        Assert.Equal(new RelayAgentInformationOption([]), message.Options.Get<RelayAgentInformationOption>());
    }

    [Fact]
    public void Ten_thousand_pad_octets_are_skipped()
    {
        byte[] options = [.. new byte[10_000], 53, 1, 1, 255];

        var message = DhcpDecoder.Decode(RfcPacket.Request(options));

        Assert.Equal(DhcpMessageType.Discover, message.MessageType);
    }

    [Fact]
    public void Ten_thousand_pad_octets_in_a_packet_that_has_no_end_decode_to_no_options()
    {
        Assert.Empty(DhcpDecoder.Decode(RfcPacket.Request(new byte[10_000])).Options);
    }

    [Fact]
    public void More_option_instances_than_the_bound_is_too_many()
    {
        var options = Enumerable.Range(0, DhcpLimits.MaxOptionInstances + 1).SelectMany(_ => new byte[] { 80, 0 }).ToArray();

        AssertDropped(RfcPacket.Request(options), TooManyOptions);
    }

    [Fact]
    public void The_bound_on_instances_still_admits_a_long_option_split_into_many()
    {
        var options = Enumerable.Range(0, 30).SelectMany(_ => new byte[] { 12, 1, (byte)'a' }).ToArray();

        Assert.Equal(new string('a', 30), DhcpDecoder.Decode(RfcPacket.Request(options)).Options.Get<HostNameOption>()?.Text);
    }

    [Fact]
    public void More_option_data_than_the_bound_is_too_much()
    {
        var options = Enumerable.Range(0, (DhcpLimits.MaxOptionDataBytes / 255) + 1).SelectMany(_ => Option(224, 255)).ToArray();

        AssertDropped(RfcPacket.Request(options), TooMuchOptionData);
    }

    [Theory]
    [InlineData(new byte[] { 1, (byte)'a', 0xc0, 0x00 })]
    [InlineData(new byte[] { 0xc0, 0x00 })]
    [InlineData(new byte[] { 1, (byte)'a', 0, 0xc0, 0x04 })]
    [InlineData(new byte[] { 0x40, (byte)'a', 0 })]
    [InlineData(new byte[] { 0x80, (byte)'a', 0 })]
    [InlineData(new byte[] { 3, (byte)'x', (byte)'e' })]
    [InlineData(new byte[] { 3, (byte)'x', (byte)'e', (byte)'n' })]
    [InlineData(new byte[] { 1, (byte)'a', 0, 0xc0 })]
    [InlineData(new byte[] { 3, (byte)'a', (byte)'.', (byte)'b', 0 })]
    public void A_domain_search_list_with_a_bad_name_is_malformed(byte[] names)
    {
        AssertDropped(RfcPacket.Request([53, 1, 1, 119, (byte)names.Length, .. names, 255]), BadDomainName);
    }

    [Theory]
    [InlineData(new byte[] { 0x05, 0, 0, 1, (byte)'a', 0xc0, 0x00 })]
    [InlineData(new byte[] { 0x05, 0, 0, 1, (byte)'a', 0, 1, (byte)'b' })]
    [InlineData(new byte[] { 0x05, 0, 0, 4, (byte)'x', (byte)'e', (byte)'n' })]
    public void An_encoded_client_fqdn_with_a_bad_name_is_malformed(byte[] fqdn)
    {
        AssertDropped(RfcPacket.Request([53, 1, 1, 81, (byte)fqdn.Length, .. fqdn, 255]), BadDomainName);
    }

    private static byte[] Option(byte code, int length) => [code, (byte)length, .. new byte[length]];

    private static void AssertDropped(byte[] packet, DhcpFormatError reason)
    {
        var e = Assert.Throws<DhcpFormatException>(() => DhcpDecoder.Decode(packet));
        Assert.Equal(reason, e.Reason);
    }
}
