using XenMesh.Node.Dhcp.Codec;

namespace XenMesh.Tests.Dhcp.Codec;

public sealed class DomainNameOptionTests
{
    [Theory]
    [InlineData("xen1.xen.", new byte[] { 4, (byte)'x', (byte)'e', (byte)'n', (byte)'1', 3, (byte)'x', (byte)'e', (byte)'n', 0 })]
    [InlineData("xen1", new byte[] { 4, (byte)'x', (byte)'e', (byte)'n', (byte)'1' })]
    [InlineData(".", new byte[] { 0 })]
    [InlineData("", new byte[0])]
    public void An_encoded_fqdn_is_canonical_wire_format_with_a_root_label_only_when_fully_qualified(string name, byte[] wire)
    {
        var option = new ClientFqdnOption(ClientFqdnFlagBits.Encoded, name);

        Assert.Equal([0x04, 0, 0, .. wire], option.EncodeData());
        Assert.Equal(option, DhcpDecoder.Decode(RfcPacket.Request([81, (byte)(3 + wire.Length), 0x04, 0, 0, .. wire, 255])).Options.Single());
    }

    [Fact]
    public void An_ascii_fqdn_is_kept_octet_for_octet()
    {
        var option = new ClientFqdnOption(ClientFqdnFlagBits.ServerUpdate, "Xen1.XEN.\u00e9");

        Assert.Equal([0x01, 0, 0, .. "Xen1.XEN."u8, 0xe9], option.EncodeData());
    }

    [Theory]
    [InlineData("a..b")]
    [InlineData("..")]
    [InlineData("\u0100")]
    public void An_encoded_fqdn_must_be_a_valid_name(string name)
    {
        Assert.Throws<ArgumentException>(() => new ClientFqdnOption(ClientFqdnFlagBits.Encoded, name));
    }

    [Fact]
    public void An_encoded_fqdn_refuses_labels_over_63_and_names_over_255_octets()
    {
        Assert.Throws<ArgumentException>(() => new ClientFqdnOption(ClientFqdnFlagBits.Encoded, new string('a', 64)));
        Assert.Throws<ArgumentException>(() => new ClientFqdnOption(ClientFqdnFlagBits.Encoded, string.Join('.', Enumerable.Repeat(new string('a', 63), 4))));
    }

    [Fact]
    public void A_search_list_follows_chains_of_backward_pointers()
    {
        byte[] wire =
        [
            1, (byte)'a', 1, (byte)'b', 1, (byte)'c', 0,
            1, (byte)'x', 0xc0, 2,
            1, (byte)'y', 0xc0, 7,
        ];

        var option = DhcpDecoder.Decode(RfcPacket.Request([119, (byte)wire.Length, .. wire, 255])).Options.Single();

        Assert.Equal(new DomainSearchOption(["a.b.c", "x.b.c", "y.x.b.c"]), option);
    }

    [Fact]
    public void A_search_list_split_over_instances_points_into_the_concatenated_data()
    {
        var names = Enumerable.Range(0, 30).Select(i => $"host{i:00}.eng.example.org").Append("example.org").ToArray();
        var option = new DomainSearchOption([.. names]);
        var data = option.EncodeData();
        Assert.True(data.Length > 255);

        var message = new DhcpMessage { Options = [option] };
        Assert.Equal(option, DhcpDecoder.Decode(DhcpEncoder.Encode(message, 1000).Packet).Options.Single());
    }

    [Theory]
    [InlineData("xen.")]
    [InlineData("a..b")]
    [InlineData(".xen")]
    public void A_search_domain_is_given_without_the_trailing_dot_and_without_empty_labels(string domain)
    {
        Assert.Throws<ArgumentException>(() => new DomainSearchOption([domain]));
    }
}
