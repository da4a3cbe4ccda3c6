using XenMesh.Node.Dns.Wire;

namespace XenMesh.Tests.Dns.Wire;

/// <summary>
/// Names a sender compressed inside the RDATA of types the parser keeps opaque (RFC 3597 §4: MX, SRV, MINFO, ...)
/// come out written in full, so the record can be carried into another message (the forwarder's answers).
/// </summary>
public sealed class EmbeddedNameTests
{
    /// <summary>
    /// Question <c>Example.ORG MX</c> at offset 12, then an MX pointing at it, an SRV whose target is a label
    /// before a pointer, and a MINFO with two names, one of them pointing into the SRV's RDATA.
    /// </summary>
    private static byte[] CompressedReply()
    {
        byte[] question = [7, .. "Example"u8, 3, .. "ORG"u8, 0, 0, 15, 0, 1];
        byte[] mx = [0xc0, 12, 0, 15, 0, 1, 0, 0, 0, 60, 0, 4, 0, 10, 0xc0, 12];
        // The SRV record starts at 12 + 17 + 16 = 45; its target's "ns1" label at 45 + 12 + 6 = 63.
        byte[] srv = [0xc0, 12, 0, 33, 0, 1, 0, 0, 0, 60, 0, 12, 0, 1, 0, 2, 0, 53, 3, .. "ns1"u8, 0xc0, 12];
        byte[] minfo = [0xc0, 12, 0, 14, 0, 1, 0, 0, 0, 60, 0, 6, 0xc0, 63, 1, (byte)'m', 0xc0, 12];
        return [0xab, 0xcd, 0x81, 0x80, 0, 1, 0, 3, 0, 0, 0, 0, .. question, .. mx, .. srv, .. minfo];
    }

    [Fact]
    public void Compressed_names_in_mx_srv_and_minfo_rdata_are_written_out_in_full_with_their_case()
    {
        var reply = DnsMessageParser.Parse(CompressedReply());

        var origin = DnsName.Parse("Example.ORG").Wire.ToArray();
        var ns1 = DnsName.Parse("ns1.Example.ORG").Wire.ToArray();
        var m = DnsName.Parse("m.Example.ORG").Wire.ToArray();
        Assert.Equal([0, 10, .. origin], Rdata(reply.Answers[0]));
        Assert.Equal([0, 1, 0, 2, 0, 53, .. ns1], Rdata(reply.Answers[1]));
        Assert.Equal([.. ns1, .. m], Rdata(reply.Answers[2]));
    }

    [Fact]
    public void Written_again_in_another_message_the_records_read_back_the_same()
    {
        var reply = DnsMessageParser.Parse(CompressedReply());
        var other = new DnsMessage
        {
            Header = new DnsHeader(7, DnsHeader.ResponseBit),
            Questions = [new DnsQuestion(DnsName.Parse("a.different.name"), DnsRecordType.A, DnsClass.IN)],
            Answers = reply.Answers,
        };

        var again = DnsMessageParser.Parse(DnsMessageWriter.Write(other));

        Assert.Equal(reply.Answers, again.Answers);
    }

    private static byte[] Rdata(DnsResourceRecord record) => Assert.IsType<OpaqueRecordData>(record.Data).Bytes.ToArray();
}
