using System.Net;
using XenMesh.Node.Dns.Server;
using XenMesh.Node.Dns.Wire;
using XenMesh.Node.Dns.Zone;
using XenMesh.Tests.Dns.Zone;

namespace XenMesh.Tests.Dns.Server;

public sealed class QueryResponderTests
{
    private static readonly EdnsRecord Edns0 = new(1232, 0, 0, false, 0, []);

    [Fact]
    public void A_name_in_any_case_gets_its_address_with_AA_and_the_question_echoed()
    {
        var (result, response) = Ask("Xen1.XEN", DnsRecordType.A);

        Assert.Equal(DnsOutcome.Answer, result.Outcome);
        Assert.True(response.Header.IsAuthoritative);
        Assert.True(response.Header.IsResponse);
        Assert.Equal(0x4242, response.Header.Id);
        Assert.True(response.Header.RecursionDesired);
        Assert.Equal((int)DnsResponseCode.NoError, response.Rcode);
        Assert.Equal("Xen1.XEN.", Assert.Single(response.Questions).Name.ToString());
        var answer = Assert.Single(response.Answers);
        Assert.Equal("Xen1.XEN.", answer.Name.ToString());
        Assert.Equal(30u, answer.Ttl);
        Assert.Equal(new AddressRecordData(IPAddress.Parse("192.168.0.1")), answer.Data);
        Assert.Null(response.Edns);
    }

    [Fact]
    public void The_reverse_name_gets_the_PTR_and_the_dom0_has_its_own_name()
    {
        var (_, ptr) = Ask("1.0.168.192.in-addr.arpa", DnsRecordType.PTR);
        var (_, dom0) = Ask("kubikal.xen", DnsRecordType.A);
        var (_, dom0Ptr) = Ask("254.0.168.192.in-addr.arpa", DnsRecordType.PTR);

        Assert.Equal(new NameRecordData(DnsName.Parse("xen1.xen")), Assert.Single(ptr.Answers).Data);
        Assert.True(ptr.Header.IsAuthoritative);
        Assert.Equal(new AddressRecordData(IPAddress.Parse("192.168.0.254")), Assert.Single(dom0.Answers).Data);
        Assert.Equal(new NameRecordData(DnsName.Parse("kubikal.xen")), Assert.Single(dom0Ptr.Answers).Data);
    }

    [Theory]
    [InlineData("nope.xen", DnsRecordType.A)]
    [InlineData("a.xen1.xen", DnsRecordType.A)]
    [InlineData("9.0.168.192.in-addr.arpa", DnsRecordType.PTR)]
    public void An_absent_name_is_NXDOMAIN_with_the_SOA_in_authority(string name, DnsRecordType type)
    {
        var (result, response) = Ask(name, type);

        Assert.Equal(DnsOutcome.NxDomain, result.Outcome);
        Assert.Equal((int)DnsResponseCode.NXDomain, response.Rcode);
        Assert.True(response.Header.IsAuthoritative);
        Assert.Empty(response.Answers);
        AssertSoaAuthority(response, name.EndsWith("arpa", StringComparison.Ordinal) ? "0.168.192.in-addr.arpa." : "xen.");
    }

    [Theory]
    [InlineData("xen1.xen", DnsRecordType.AAAA)]
    [InlineData("xen1.xen", (DnsRecordType)1234)]
    [InlineData("xen1.xen", DnsRecordType.PTR)]
    [InlineData("xen", DnsRecordType.A)]
    [InlineData("1.0.168.192.in-addr.arpa", DnsRecordType.A)]
    public void An_existing_name_without_the_type_is_NODATA_with_the_SOA_in_authority(string name, DnsRecordType type)
    {
        var (result, response) = Ask(name, type);

        Assert.Equal(DnsOutcome.NoData, result.Outcome);
        Assert.Equal((int)DnsResponseCode.NoError, response.Rcode);
        Assert.Empty(response.Answers);
        AssertSoaAuthority(response, name.EndsWith("arpa", StringComparison.Ordinal) ? "0.168.192.in-addr.arpa." : "xen.");
    }

    [Fact]
    public void An_empty_non_terminal_of_a_wider_reverse_zone_is_NODATA()
    {
        var zone = ZoneSnapshot.Build(TestZone.Content(("xen1", "10.1.2.3")) with { ReverseSubnets = [new(0x0a010000, 16)] });

        var (result, _) = Ask("2.1.10.in-addr.arpa", DnsRecordType.PTR, zone: zone);
        var (_, ptr) = Ask("3.2.1.10.in-addr.arpa", DnsRecordType.PTR, zone: zone);

        Assert.Equal(DnsOutcome.NoData, result.Outcome);
        Assert.Equal(new NameRecordData(DnsName.Parse("xen1.xen")), Assert.Single(ptr.Answers).Data);
    }

    [Fact]
    public void The_apex_has_SOA_with_the_serial_and_NS()
    {
        var (_, soa) = Ask("XEN", DnsRecordType.SOA);
        var (_, ns) = Ask("xen", DnsRecordType.NS);
        var (_, reverseSoa) = Ask("0.168.192.in-addr.arpa", DnsRecordType.SOA);

        var data = Assert.IsType<SoaRecordData>(Assert.Single(soa.Answers).Data);
        Assert.Equal(7u, data.Serial);
        Assert.Equal(30u, data.Minimum);
        Assert.Equal("kubikal.xen.", data.PrimaryServer.ToString());
        Assert.Equal("hostmaster.xen.", data.ResponsibleMailbox.ToString());
        Assert.Equal(new NameRecordData(DnsName.Parse("kubikal.xen")), Assert.Single(ns.Answers).Data);
        Assert.IsType<SoaRecordData>(Assert.Single(reverseSoa.Answers).Data);
    }

    [Fact]
    public void ANY_gets_one_RRset()
    {
        var (_, guest) = Ask("xen1.xen", DnsRecordType.ANY);
        var (_, apex) = Ask("xen", DnsRecordType.ANY);

        Assert.Equal(DnsRecordType.A, Assert.Single(guest.Answers).Type);
        Assert.Equal(DnsRecordType.SOA, Assert.Single(apex.Answers).Type);
    }

    [Fact]
    public void A_serial_change_shows_in_a_new_snapshot_and_a_removed_name_is_gone()
    {
        var before = TestZone.Snapshot(("xen1", "192.168.0.1"));
        var after = ZoneSnapshot.Build(TestZone.Content() with { Serial = 8 });

        Assert.Equal(DnsOutcome.Answer, Ask("xen1.xen", DnsRecordType.A, zone: before).Result.Outcome);
        Assert.Equal(DnsOutcome.NxDomain, Ask("xen1.xen", DnsRecordType.A, zone: after).Result.Outcome);
        Assert.Equal(DnsOutcome.NxDomain, Ask("1.0.168.192.in-addr.arpa", DnsRecordType.PTR, zone: after).Result.Outcome);
        Assert.Equal(8u, Assert.IsType<SoaRecordData>(Assert.Single(Ask("xen", DnsRecordType.SOA, zone: after).Response.Answers).Data).Serial);
    }

    [Theory]
    [InlineData("example.org")]
    [InlineData("axen")]
    [InlineData("xen1.axen")]
    [InlineData("1.1.168.192.in-addr.arpa")]
    [InlineData("localhost")]
    public void A_name_outside_our_zones_goes_to_the_recursion_side(string name)
    {
        var (result, _) = Ask(name, DnsRecordType.A, expectResponse: false);

        Assert.Equal(DnsOutcome.Recursion, result.Outcome);
        Assert.Equal(0, result.Length);
    }

    [Fact]
    public void EDNS_is_answered_with_version_0_size_1232_DO_copied_and_no_options()
    {
        var query = Edns0 with { UdpPayloadSize = 4096, DnssecOk = true, Z = 0x40, Options = [new EdnsOption(100, new byte[] { 1, 2 }), new EdnsOption(10, new byte[8])] };

        var (_, response) = Ask("xen", DnsRecordType.SOA, edns: query);

        Assert.Equal(new EdnsRecord(1232, 0, 0, true, 0, []), response.Edns);
        Assert.Single(response.Answers);
    }

    [Fact]
    public void EDNS_version_1_gets_BADVERS_without_answers()
    {
        var (result, response) = Ask("xen", DnsRecordType.SOA, edns: Edns0 with { Version = 1, Options = [new EdnsOption(100, Array.Empty<byte>())] });

        Assert.Equal(DnsOutcome.BadVersion, result.Outcome);
        Assert.Equal((int)DnsResponseCode.BadVers, response.Rcode);
        Assert.Equal(0, response.Header.Rcode);
        Assert.Equal(new EdnsRecord(1232, 1, 0, false, 0, []), response.Edns);
        Assert.Empty(response.Answers);
        Assert.Empty(response.Authorities);
    }

    [Fact]
    public void An_answer_larger_than_the_UDP_limit_is_truncated_to_header_question_and_OPT_and_complete_over_TCP()
    {
        var many = Enumerable.Range(1, 60).Select(i => ("web", $"192.168.0.{i}")).ToArray();
        var zone = TestZone.Snapshot(many);

        var (plain, plainResponse) = Ask("web.xen", DnsRecordType.A, zone: zone);
        var (edns, ednsResponse) = Ask("web.xen", DnsRecordType.A, zone: zone, edns: Edns0 with { UdpPayloadSize = 65000 });
        var (tcp, tcpResponse) = Ask("web.xen", DnsRecordType.A, zone: zone, tcp: true);

        Assert.Equal(DnsOutcome.Truncated, plain.Outcome);
        Assert.True(plainResponse.Header.IsTruncated);
        Assert.Empty(plainResponse.Answers);
        Assert.True(plain.Length <= 512);
        Assert.Equal(DnsOutcome.Answer, edns.Outcome);
        Assert.Equal(60, ednsResponse.Answers.Count);
        Assert.True(edns.Length <= 1232);
        Assert.NotNull(ednsResponse.Edns);
        Assert.Equal(60, tcpResponse.Answers.Count);
        Assert.Equal(DnsOutcome.Answer, tcp.Outcome);

        var (bigger, biggerResponse) = Ask("web.xen", DnsRecordType.A, zone: TestZone.Snapshot([.. many, .. Enumerable.Range(81, 100).Select(i => ("web", $"192.168.1.{i}"))]), edns: Edns0);
        Assert.Equal(DnsOutcome.Truncated, bigger.Outcome);
        Assert.True(biggerResponse.Header.IsTruncated);
        Assert.NotNull(biggerResponse.Edns);
    }

    [Fact]
    public void Class_CH_and_zone_transfers_are_refused()
    {
        var (chaos, chaosResponse) = Ask("version.bind", (DnsRecordType)16, DnsClass.CH);
        var (axfr, _) = Ask("xen", DnsRecordType.AXFR);

        Assert.Equal(DnsOutcome.Refused, chaos.Outcome);
        Assert.Equal((int)DnsResponseCode.Refused, chaosResponse.Rcode);
        Assert.Equal(DnsOutcome.Refused, axfr.Outcome);
    }

    [Fact]
    public void Responses_and_short_packets_are_dropped_other_opcodes_get_NOTIMP_and_malformed_queries_FORMERR()
    {
        var query = Query("xen", DnsRecordType.SOA, DnsClass.IN, null);
        var response = new byte[DnsLimits.MaxMessageLength];
        var zone = TestZone.Default;

        var asResponse = (byte[])query.Clone();
        asResponse[2] |= 0x80;
        var notify = (byte[])query.Clone();
        notify[2] = (byte)(notify[2] | (4 << 3));
        var twoQuestions = DnsMessageWriter.Write(DnsMessageParser.Parse(query) with { Questions = [.. DnsMessageParser.Parse(query).Questions, .. DnsMessageParser.Parse(query).Questions] });

        Assert.Equal(DnsOutcome.DroppedResponse, QueryResponder.Respond(asResponse, zone, false, response).Outcome);
        Assert.Equal(DnsOutcome.DroppedShort, QueryResponder.Respond(query.AsSpan(0, 11), zone, false, response).Outcome);
        var notImp = QueryResponder.Respond(notify, zone, false, response);
        Assert.Equal(DnsOutcome.NotImplemented, notImp.Outcome);
        Assert.Equal((int)DnsResponseCode.NotImp, DnsMessageParser.Parse(response.AsSpan(0, notImp.Length)).Rcode);
        var formErr = QueryResponder.Respond(twoQuestions, zone, false, response);
        Assert.Equal(new DnsResponse(DnsOutcome.FormatError, 12, DnsFormatError.QuestionCount), formErr);
        Assert.Equal((int)DnsResponseCode.FormErr, DnsMessageParser.Parse(response.AsSpan(0, 12)).Rcode);
    }

    [Fact]
    public void Refuse_echoes_the_question_and_the_OPT()
    {
        var query = Query("example.org", DnsRecordType.A, DnsClass.IN, Edns0);
        var response = new byte[512];

        var length = QueryResponder.Refuse(query, response);

        var parsed = DnsMessageParser.Parse(response.AsSpan(0, length));
        Assert.Equal((int)DnsResponseCode.Refused, parsed.Rcode);
        Assert.False(parsed.Header.RecursionAvailable);
        Assert.Equal("example.org.", Assert.Single(parsed.Questions).Name.ToString());
        Assert.NotNull(parsed.Edns);
    }

    [Fact]
    public void Answers_NXDOMAIN_and_EDNS_allocate_nothing()
    {
        var zone = TestZone.Default;
        byte[][] queries =
        [
            Query("Xen1.xen", DnsRecordType.A, DnsClass.IN, null),
            Query("1.0.168.192.in-addr.arpa", DnsRecordType.PTR, DnsClass.IN, Edns0 with { DnssecOk = true }),
            Query("nope.xen", DnsRecordType.A, DnsClass.IN, Edns0),
            Query("xen1.xen", DnsRecordType.AAAA, DnsClass.IN, null),
        ];
        var response = new byte[DnsLimits.MaxUdpPayload];
        foreach (var query in queries)
            QueryResponder.Respond(query, zone, tcp: false, response);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            foreach (var query in queries)
                QueryResponder.Respond(query, zone, tcp: false, response);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [FsCheck.Xunit.Property(MaxTest = 2000)]
    public void Any_octets_get_a_response_that_parses_or_none(byte[] packet)
    {
        var response = new byte[DnsLimits.MaxMessageLength];

        var result = QueryResponder.Respond(packet, TestZone.Default, tcp: false, response);

        Assert.True(result.Length <= DnsLimits.MaxUdpPayload);
        if (result.Length > 0)
            Assert.True(DnsMessageParser.Parse(response.AsSpan(0, result.Length)).Header.IsResponse);
    }

    private static void AssertSoaAuthority(DnsMessage response, string zone)
    {
        var soa = Assert.Single(response.Authorities);
        Assert.Equal(DnsRecordType.SOA, soa.Type);
        Assert.Equal(DnsName.Parse(zone), soa.Name);
        Assert.Equal(30u, soa.Ttl);
        Assert.Equal(7u, Assert.IsType<SoaRecordData>(soa.Data).Serial);
    }

    private static (DnsResponse Result, DnsMessage Response) Ask(
        string name, DnsRecordType type, DnsClass @class = DnsClass.IN, EdnsRecord? edns = null, ZoneSnapshot? zone = null, bool tcp = false, bool expectResponse = true)
    {
        var response = new byte[DnsLimits.MaxMessageLength];
        var result = QueryResponder.Respond(Query(name, type, @class, edns), zone ?? TestZone.Default, tcp, response);
        if (!expectResponse)
            return (result, new DnsMessage());
        var parsed = DnsMessageParser.Parse(response.AsSpan(0, result.Length));
        Assert.Equal(type, Assert.Single(parsed.Questions).Type);
        Assert.Equal(name + ".", parsed.Questions[0].Name.ToString());
        return (result, parsed);
    }

    private static byte[] Query(string name, DnsRecordType type, DnsClass @class, EdnsRecord? edns) =>
        DnsMessageWriter.Write(new DnsMessage
        {
            Header = new DnsHeader(0x4242, DnsHeader.RecursionDesiredBit),
            Questions = [new DnsQuestion(DnsName.Parse(name), type, @class)],
            Edns = edns,
        });
}
