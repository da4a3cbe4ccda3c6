using System.Net;
using Microsoft.Extensions.Time.Testing;
using Serilog.Core;
using XenMesh.Messages.Values;
using XenMesh.Node.Dns.Recursion;
using XenMesh.Node.Dns.Wire;
using static XenMesh.Tests.Dns.Recursion.FakeUpstream;

namespace XenMesh.Tests.Dns.Recursion;

public sealed class DnsForwarderTests : IAsyncDisposable
{
    private static readonly IPEndPoint Loopback = new(IPAddress.Loopback, 40000);
    // How long a silent upstream is waited for: short, yet long enough for an answering one on a loaded machine.
    private static readonly TimeSpan SilenceTimeout = TimeSpan.FromSeconds(2);
    private readonly FakeTimeProvider _time = new();
    private readonly DnsRecursionCounters _counters = new();
    private readonly List<FakeUpstream> _upstreams = [];

    public async ValueTask DisposeAsync()
    {
        foreach (var upstream in _upstreams)
            await upstream.DisposeAsync();
        _counters.Dispose();
    }

    [Fact]
    public async Task A_name_outside_the_zones_is_answered_through_the_upstream_with_the_clients_id_and_question_case()
    {
        var upstream = Upstream(q => Answer(q, DnsResponseCode.NoError, A(q.Questions[0].Name.ToString(), "192.0.2.7")));
        var forwarder = Forwarder(upstream);

        var response = await ResolveAsync(forwarder, Query("WwW.Example.ORG", id: 0xBEEF));

        Assert.Equal(0xBEEF, response.Header.Id);
        Assert.True(response.Header.IsResponse && response.Header.RecursionAvailable && response.Header.RecursionDesired);
        Assert.Equal(DnsResponseCode.NoError, (DnsResponseCode)response.Rcode);
        Assert.Equal("WwW.Example.ORG.", response.Questions[0].Name.ToString());
        Assert.Equal(IPAddress.Parse("192.0.2.7"), Assert.IsType<AddressRecordData>(Assert.Single(response.Answers).Data).Address);
        Assert.Null(response.Edns);
        var (sent, _, _) = Assert.Single(upstream.Received);
        Assert.Equal("www.example.org.", sent.Questions[0].Name.ToString());
        Assert.True(sent.Header.RecursionDesired);
        Assert.Equal(DnsLimits.MaxUdpPayload, sent.Edns!.UdpPayloadSize);
    }

    [Fact]
    public async Task Every_upstream_query_has_a_fresh_id_and_source_port()
    {
        var upstream = Upstream(q => Answer(q, DnsResponseCode.NoError, A(q.Questions[0].Name.ToString(), "192.0.2.7")));
        var forwarder = Forwarder(upstream);

        for (var i = 0; i < 20; i++)
            await ResolveAsync(forwarder, Query($"host{i}.example.org", id: 7));

        var queries = upstream.Received.ToList();
        Assert.Equal(20, queries.Count);
        Assert.True(queries.Select(q => q.Source.Port).Distinct().Count() >= 18, string.Join(' ', queries.Select(q => q.Source.Port)));
        Assert.True(queries.Select(q => q.Query.Header.Id).Distinct().Count() >= 18, string.Join(' ', queries.Select(q => q.Query.Header.Id)));
    }

    [Fact]
    public async Task Replies_with_a_wrong_source_id_question_or_direction_are_dropped_and_counted_and_the_right_one_is_taken()
    {
        var upstream = new FakeUpstream((q, _) =>
        {
            var right = Answer(q, DnsResponseCode.NoError, A("www.example.org", "192.0.2.7"));
            var wrongAddress = Answer(q, DnsResponseCode.NoError, A("www.example.org", "203.0.113.66"));
            IReadOnlyList<Reply> replies =
            [
                new(DnsMessageWriter.Write(wrongAddress), FromWrongPort: true),
                new(DnsMessageWriter.Write(wrongAddress with { Header = wrongAddress.Header with { Id = (ushort)(q.Header.Id + 1) } })),
                new(DnsMessageWriter.Write(wrongAddress with { Questions = [new DnsQuestion(DnsName.Parse("www.example.com"), DnsRecordType.A, DnsClass.IN)] })),
                new(DnsMessageWriter.Write(wrongAddress with { Questions = [new DnsQuestion(DnsName.Parse("www.example.org"), DnsRecordType.AAAA, DnsClass.IN)] })),
                new(DnsMessageWriter.Write(wrongAddress with { Header = wrongAddress.Header.With(DnsHeader.ResponseBit, false) })),
                new([1, 2, 3]),
                new(DnsMessageWriter.Write(right)),
            ];
            return Task.FromResult(replies);
        });
        _upstreams.Add(upstream);
        var forwarder = Forwarder(upstream);

        var response = await ResolveAsync(forwarder, Query("www.example.org"));

        Assert.Equal(IPAddress.Parse("192.0.2.7"), Assert.IsType<AddressRecordData>(Assert.Single(response.Answers).Data).Address);
        await Eventually.HoldsAsync(
            () => Task.FromResult((_counters.Snapshot().Dropped.Values.Sum() == 6, string.Join(", ", _counters.Snapshot().Dropped))),
            TimeSpan.FromSeconds(5), "six dropped datagrams", TestContext.Current.CancellationToken);
        Assert.Equal(
            new Dictionary<string, long> { ["Malformed"] = 1, ["NotResponse"] = 1, ["WrongId"] = 1, ["WrongQuestion"] = 2, ["WrongSource"] = 1 },
            _counters.Snapshot().Dropped);
    }

    [Fact]
    public async Task Only_spoofed_replies_time_out_into_servfail()
    {
        var upstream = new FakeUpstream((q, _) => Task.FromResult<IReadOnlyList<Reply>>(
            [new(DnsMessageWriter.Write(Answer(q, DnsResponseCode.NoError, A("www.example.org", "203.0.113.66"))), FromWrongPort: true)]));
        _upstreams.Add(upstream);
        var forwarder = Forwarder(upstream, SilenceTimeout);

        var response = await ResolveAsync(forwarder, Query("www.example.org"));

        Assert.Equal(DnsResponseCode.ServFail, (DnsResponseCode)response.Rcode);
        Assert.Empty(response.Answers);
        var stats = _counters.Snapshot();
        Assert.Equal((1L, 1L), (stats.Dropped["WrongSource"], stats.ServFail));
        Assert.Equal(1, stats.UpstreamFailures["NoAnswer"]);
    }

    [Fact]
    public async Task Identical_questions_wait_on_one_outstanding_upstream_query()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var upstream = new FakeUpstream(async (q, _) =>
        {
            await release.Task;
            return [new Reply(DnsMessageWriter.Write(Answer(q, DnsResponseCode.NoError, A("www.example.org", "192.0.2.7"))))];
        });
        _upstreams.Add(upstream);
        var forwarder = Forwarder(upstream, timeout: TimeSpan.FromSeconds(10));

        var clients = new[] { "www.example.org", "WWW.example.org", "www.EXAMPLE.org", "www.example.ORG", "Www.Example.Org" }
            .Select((name, i) => ResolveAsync(forwarder, Query(name, id: (ushort)i)))
            .ToList();
        await Eventually.HoldsAsync(
            () => Task.FromResult((_counters.Snapshot().Coalesced == 4, $"{_counters.Snapshot().Coalesced} coalesced")),
            TimeSpan.FromSeconds(5), "four queries joining the first", TestContext.Current.CancellationToken);
        release.SetResult();
        var responses = await Task.WhenAll(clients);

        Assert.Single(upstream.Received);
        Assert.All(responses, r => Assert.Equal(IPAddress.Parse("192.0.2.7"), Assert.IsType<AddressRecordData>(Assert.Single(r.Answers).Data).Address));
        Assert.Equal([0, 1, 2, 3, 4], responses.Select(r => (int)r.Header.Id));
        Assert.Equal("WWW.example.org.", responses[1].Questions[0].Name.ToString());
    }

    [Fact]
    public async Task A_cached_answer_is_served_with_its_ttl_counted_down_until_it_expires()
    {
        var upstream = Upstream(q => Answer(q, DnsResponseCode.NoError, A("www.example.org", "192.0.2.7", ttl: 300)));
        var forwarder = Forwarder(upstream);

        Assert.Equal(300u, Assert.Single((await ResolveAsync(forwarder, Query("www.example.org"))).Answers).Ttl);
        _time.Advance(TimeSpan.FromSeconds(100));
        Assert.Equal(200u, Assert.Single((await ResolveAsync(forwarder, Query("WWW.example.org"))).Answers).Ttl);
        _time.Advance(TimeSpan.FromSeconds(199));
        Assert.Equal(1u, Assert.Single((await ResolveAsync(forwarder, Query("www.example.org"))).Answers).Ttl);
        Assert.Single(upstream.Received);

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(300u, Assert.Single((await ResolveAsync(forwarder, Query("www.example.org"))).Answers).Ttl);
        Assert.Equal(2, upstream.Received.Count);
        Assert.Equal(2, _counters.Snapshot().CacheHits);
    }

    [Fact]
    public async Task A_negative_answer_is_cached_for_the_smaller_of_the_soa_ttl_and_minimum()
    {
        var soa = new DnsResourceRecord(DnsName.Parse("example.org"), DnsRecordType.SOA, DnsClass.IN, 3600, new SoaRecordData(
            DnsName.Parse("ns.example.org"), DnsName.Parse("hostmaster.example.org"), 1, 7200, 900, 1209600, 60));
        var upstream = Upstream(q => Answer(q, DnsResponseCode.NXDomain) with { Authorities = [soa] });
        var forwarder = Forwarder(upstream);

        var first = await ResolveAsync(forwarder, Query("nothing.example.org"));
        _time.Advance(TimeSpan.FromSeconds(45));
        var cached = await ResolveAsync(forwarder, Query("nothing.example.org"));

        Assert.Equal(DnsResponseCode.NXDomain, (DnsResponseCode)first.Rcode);
        Assert.Equal(60u, Assert.Single(first.Authorities).Ttl);
        Assert.Equal(DnsResponseCode.NXDomain, (DnsResponseCode)cached.Rcode);
        Assert.Equal(15u, Assert.Single(cached.Authorities).Ttl);
        Assert.Single(upstream.Received);

        _time.Advance(TimeSpan.FromSeconds(15));
        await ResolveAsync(forwarder, Query("nothing.example.org"));
        Assert.Equal(2, upstream.Received.Count);
    }

    [Fact]
    public async Task A_negative_answer_without_soa_is_passed_on_but_not_cached()
    {
        var upstream = Upstream(q => Answer(q, DnsResponseCode.NXDomain));
        var forwarder = Forwarder(upstream);

        Assert.Equal(DnsResponseCode.NXDomain, (DnsResponseCode)(await ResolveAsync(forwarder, Query("nothing.example.org"))).Rcode);
        Assert.Equal(DnsResponseCode.NXDomain, (DnsResponseCode)(await ResolveAsync(forwarder, Query("nothing.example.org"))).Rcode);
        Assert.Equal(2, upstream.Received.Count);
    }

    [Fact]
    public async Task Only_the_cname_chain_of_the_question_is_kept()
    {
        var upstream = Upstream(q => Answer(
            q,
            DnsResponseCode.NoError,
            new DnsResourceRecord(DnsName.Parse("www.example.org"), DnsRecordType.CNAME, DnsClass.IN, 600, new NameRecordData(DnsName.Parse("web.example.net"))),
            A("bank.example.com", "203.0.113.66"),
            A("web.example.net", "192.0.2.7", ttl: 120)) with
        {
            Authorities = [new DnsResourceRecord(DnsName.Parse("example.com"), DnsRecordType.NS, DnsClass.IN, 600, new NameRecordData(DnsName.Parse("evil.example")))],
            Additionals = [A("evil.example", "203.0.113.66")],
        });
        var forwarder = Forwarder(upstream);

        var response = await ResolveAsync(forwarder, Query("www.example.org"));
        _time.Advance(TimeSpan.FromSeconds(119));
        var cached = await ResolveAsync(forwarder, Query("www.example.org"));
        _time.Advance(TimeSpan.FromSeconds(1));
        await ResolveAsync(forwarder, Query("www.example.org"));

        Assert.Equal([DnsRecordType.CNAME, DnsRecordType.A], response.Answers.Select(r => r.Type));
        Assert.Equal("web.example.net.", response.Answers[1].Name.ToString());
        Assert.Empty(response.Authorities);
        Assert.Empty(response.Additionals);
        Assert.Equal([481u, 1u], cached.Answers.Select(r => r.Ttl));
        Assert.Equal(2, upstream.Received.Count);
    }

    [Fact]
    public async Task With_no_upstream_every_forward_gets_servfail()
    {
        var forwarder = Forwarder();

        var response = await ResolveAsync(forwarder, Query("www.example.org"));

        Assert.Equal(DnsResponseCode.ServFail, (DnsResponseCode)response.Rcode);
        Assert.Equal((1L, 1L), (_counters.Snapshot().NoUpstream, _counters.Snapshot().ServFail));
    }

    [Fact]
    public async Task A_failing_or_silent_upstream_hands_over_to_the_next_and_servfail_comes_when_all_fail()
    {
        var failing = Upstream(q => Answer(q, DnsResponseCode.ServFail));
        var silent = new FakeUpstream((_, _) => Task.FromResult<IReadOnlyList<Reply>>([]));
        _upstreams.Add(silent);
        var working = Upstream(q => Answer(q, DnsResponseCode.NoError, A("www.example.org", "192.0.2.7")));

        var answered = await ResolveAsync(Forwarder([failing, silent, working], SilenceTimeout), Query("www.example.org"));
        var failed = await ResolveAsync(Forwarder([failing, silent], SilenceTimeout), Query("www.example.net"));

        Assert.Single(answered.Answers);
        Assert.Equal(DnsResponseCode.ServFail, (DnsResponseCode)failed.Rcode);
        Assert.Equal((2, 2, 1), (failing.Received.Count, silent.Received.Count, working.Received.Count));
        var stats = _counters.Snapshot();
        Assert.Equal((2L, 2L), (stats.UpstreamFailures["ServFail"], stats.UpstreamFailures["NoAnswer"]));
    }

    [Fact]
    public async Task An_answer_longer_than_the_clients_limit_goes_out_truncated_without_records()
    {
        var many = Enumerable.Range(1, 60).Select(i => A("big.example.org", $"192.0.2.{i}")).ToArray();
        var upstream = Upstream(q => Answer(q, DnsResponseCode.NoError, many));
        var forwarder = Forwarder(upstream);

        var small = await ResolveAsync(forwarder, Query("big.example.org", edns: true), maxSize: 512);
        var large = await ResolveAsync(forwarder, Query("big.example.org", edns: true), maxSize: 4096);

        Assert.True(small.Header.IsTruncated);
        Assert.Empty(small.Answers);
        Assert.Equal("big.example.org.", small.Questions[0].Name.ToString());
        Assert.NotNull(small.Edns);
        Assert.False(large.Header.IsTruncated);
        Assert.Equal(60, large.Answers.Count);
        Assert.Equal(1, _counters.Snapshot().Truncated);
    }

    [Fact]
    public async Task A_truncated_upstream_answer_is_asked_again_over_tcp()
    {
        var upstream = new FakeUpstream((q, tcp) => Task.FromResult<IReadOnlyList<Reply>>(
        [
            new(DnsMessageWriter.Write(tcp
                ? Answer(q, DnsResponseCode.NoError, A("www.example.org", "192.0.2.7"))
                : Answer(q, DnsResponseCode.NoError) with { Header = Answer(q, DnsResponseCode.NoError).Header.With(DnsHeader.TruncatedBit, true) })),
        ]));
        _upstreams.Add(upstream);

        var response = await ResolveAsync(Forwarder(upstream), Query("www.example.org"));

        Assert.Single(response.Answers);
        Assert.Equal([false, true], upstream.Received.Select(r => r.Tcp));
        Assert.Equal(1, _counters.Snapshot().TcpRetries);
    }

    [Theory]
    [InlineData("10.0.0.1")]
    [InlineData("192.168.1.5")]
    [InlineData("2001:db8::1")]
    public async Task A_source_outside_the_guest_subnet_loopback_and_lan_ranges_is_refused_without_ra(string client)
    {
        var upstream = Upstream(q => Answer(q, DnsResponseCode.NoError, A("www.example.org", "192.0.2.7")));

        var response = await ResolveAsync(Forwarder(upstream), Query("www.example.org", edns: true), client: new IPEndPoint(IPAddress.Parse(client), 5353));
        var dotless = await ResolveAsync(Forwarder(upstream), Query("xen1"), client: new IPEndPoint(IPAddress.Parse(client), 5353));

        Assert.Equal(DnsResponseCode.Refused, (DnsResponseCode)response.Rcode);
        Assert.False(response.Header.RecursionAvailable);
        Assert.Empty(response.Answers);
        Assert.NotNull(response.Edns);
        Assert.Equal(DnsResponseCode.Refused, (DnsResponseCode)dotless.Rcode);
        Assert.Empty(upstream.Received);
        Assert.Equal(2, _counters.Snapshot().Refused);
    }

    [Theory]
    [InlineData("192.168.0.17")]
    [InlineData("192.168.11.5")]
    [InlineData("::1")]
    public async Task The_guest_subnet_loopback_and_lan_ranges_may_recurse(string client)
    {
        var upstream = Upstream(q => Answer(q, DnsResponseCode.NoError, A("www.example.org", "192.0.2.7")));

        var response = await ResolveAsync(Forwarder(upstream), Query("www.example.org"), client: new IPEndPoint(IPAddress.Parse(client), 5353));

        Assert.Single(response.Answers);
    }

    [Theory]
    [InlineData("xen1", DnsRecordType.A, "Dotless")]
    [InlineData("Printer", DnsRecordType.MX, "Dotless")]
    [InlineData("xen1.xen", DnsRecordType.A, "MeshDomain")]
    [InlineData("XEN", DnsRecordType.SOA, "MeshDomain")]
    [InlineData("7.0.168.192.in-addr.arpa", DnsRecordType.PTR, "OwnedReverseZone")]
    [InlineData("db.local", DnsRecordType.A, "SpecialUse")]
    public async Task Dotless_names_the_mesh_domain_and_owned_reverse_zones_are_nxdomain_and_never_reach_the_upstream(string name, DnsRecordType type, string reason)
    {
        var upstream = Upstream(q => Answer(q, DnsResponseCode.NoError, A("www.example.org", "192.0.2.7")));

        var response = await ResolveAsync(Forwarder(upstream), Query(name, type: type, edns: true));

        Assert.Equal(DnsResponseCode.NXDomain, (DnsResponseCode)response.Rcode);
        Assert.True(response.Header.RecursionAvailable);
        Assert.False(response.Header.IsAuthoritative);
        Assert.Empty(response.Answers);
        Assert.Equal(0, response.Edns!.Version);
        Assert.Empty(upstream.Received);
        Assert.Equal(1, _counters.Snapshot().NotForwarded[reason]);
    }

    [Fact]
    public async Task An_edns_version_above_zero_gets_badvers_and_another_opcode_notimp()
    {
        var upstream = Upstream(q => Answer(q, DnsResponseCode.NoError, A("www.example.org", "192.0.2.7")));
        var forwarder = Forwarder(upstream);
        var versionOne = DnsMessageParser.Parse(Query("www.example.org", edns: true));
        versionOne = versionOne with { Edns = versionOne.Edns! with { Version = 1 } };
        var status = DnsMessageParser.Parse(Query("www.example.org"));
        status = status with { Header = status.Header.WithOpcode(DnsOpcode.Status) };

        var badVers = await ResolveAsync(forwarder, DnsMessageWriter.Write(versionOne));
        var notImp = await ResolveAsync(forwarder, DnsMessageWriter.Write(status));

        Assert.Equal(DnsResponseCode.BadVers, (DnsResponseCode)badVers.Rcode);
        Assert.Equal((byte)0, badVers.Edns!.Version);
        Assert.Equal(DnsResponseCode.NotImp, (DnsResponseCode)notImp.Rcode);
        Assert.Empty(upstream.Received);
    }

    [Fact]
    public async Task An_mx_record_whose_exchange_the_upstream_compressed_is_answered_with_the_name_in_full()
    {
        // The exchange is a pointer to the question name at offset 12 of the upstream's reply.
        byte[] compressedMx = [0, 10, 0xC0, 12];
        var upstream = Upstream(q => Answer(q, DnsResponseCode.NoError, new DnsResourceRecord(
            DnsName.Parse("mail.example.org"), DnsRecordType.MX, DnsClass.IN, 300, new OpaqueRecordData(compressedMx))));

        var response = await ResolveAsync(Forwarder(upstream), Query("Mail.Example.org", type: DnsRecordType.MX));

        Assert.Equal(DnsResponseCode.NoError, (DnsResponseCode)response.Rcode);
        var mx = Assert.IsType<OpaqueRecordData>(Assert.Single(response.Answers).Data);
        Assert.Equal([0, 10, .. DnsName.Parse("mail.example.org").Wire], mx.Bytes.ToArray());
        Assert.Empty(_counters.Snapshot().UpstreamFailures);
    }

    private FakeUpstream Upstream(Func<DnsMessage, DnsMessage> answer)
    {
        var upstream = new FakeUpstream(answer);
        _upstreams.Add(upstream);
        return upstream;
    }

    // The tests of silence pass SilenceTimeout; the others never wait this long.
    private DnsForwarder Forwarder(params FakeUpstream[] upstreams) => Forwarder(upstreams, TimeSpan.FromSeconds(10));

    private DnsForwarder Forwarder(FakeUpstream upstream, TimeSpan timeout) => Forwarder([upstream], timeout);

    private DnsForwarder Forwarder(FakeUpstream[] upstreams, TimeSpan timeout)
    {
        var guests = Subnet("192.168.0.0/24");
        return new DnsForwarder(
            new RecursionAccessList([guests, Subnet("192.168.11.0/24")]),
            new LocalNamePolicy("xen", [guests]),
            () => [.. upstreams.Select(u => u.EndPoint)],
            timeout,
            100,
            _counters,
            _time,
            Logger.None);
    }

    private static byte[] Query(string name, ushort id = 0x1234, DnsRecordType type = DnsRecordType.A, bool edns = false) =>
        DnsMessageWriter.Write(new DnsMessage
        {
            Header = new DnsHeader(id, DnsHeader.RecursionDesiredBit),
            Questions = [new DnsQuestion(DnsName.Parse(name), type, DnsClass.IN)],
            Edns = edns ? new EdnsRecord(4096, 0, 0, false, 0, []) : null,
        });

    private static async Task<DnsMessage> ResolveAsync(DnsForwarder forwarder, byte[] query, IPEndPoint? client = null, int maxSize = 1232)
    {
        var buffer = new byte[maxSize];
        var length = await forwarder.ResolveAsync(query, client ?? Loopback, maxSize, buffer, TestContext.Current.CancellationToken);
        return DnsMessageParser.Parse(buffer.AsSpan(0, length));
    }

    private static Ipv4Subnet Subnet(string text) =>
        Ipv4Subnet.TryParse(text, out var subnet, out var error) ? subnet : throw new ArgumentException(error, nameof(text));
}
