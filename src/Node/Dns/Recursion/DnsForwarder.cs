using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using Serilog;
using XenMesh.Node.Dns.Wire;

namespace XenMesh.Node.Dns.Recursion;

/// <summary>
/// The agent's forwarder: answers every query the DNS server does not own. In order: sources that may not
/// recurse get REFUSED (F6); names that must stay on the host get NXDOMAIN without leaving it (N11,
/// dnsmasq's <c>domain-needed</c> and <c>local=/xen/</c>); a cached answer is served with its TTLs counted
/// down; otherwise one upstream query per question is in flight at a time and identical queries wait for
/// it (F3); each upstream server is tried in resolv-file order until one answers; SERVFAIL when none does.
/// </summary>
public sealed class DnsForwarder : IDnsRecursion
{
    private readonly RecursionAccessList _access;
    private readonly LocalNamePolicy _local;
    private readonly Func<IReadOnlyList<IPEndPoint>> _upstreams;
    private readonly TimeSpan _timeout;
    private readonly TtlCache<QuestionKey, ForwardedAnswer> _cache;
    private readonly DnsRecursionCounters _counters;
    private readonly ILogger _log;
    private readonly ConcurrentDictionary<QuestionKey, Task<ForwardedAnswer?>> _outstanding = new();
    private readonly ConcurrentDictionary<IPEndPoint, string> _failing = new();

    public DnsForwarder(
        RecursionAccessList access,
        LocalNamePolicy local,
        Func<IReadOnlyList<IPEndPoint>> upstreams,
        TimeSpan timeout,
        int cacheEntries,
        DnsRecursionCounters counters,
        TimeProvider time,
        ILogger log)
    {
        _access = access;
        _local = local;
        _upstreams = upstreams;
        _timeout = timeout;
        _cache = new TtlCache<QuestionKey, ForwardedAnswer>(cacheEntries, time);
        _counters = counters;
        _log = log;
    }

    public async ValueTask<int> ResolveAsync(
        ReadOnlyMemory<byte> query, IPEndPoint client, int maxResponseSize, Memory<byte> response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        _counters.Query();
        DnsMessage parsed;
        try
        {
            parsed = DnsMessageParser.Parse(query.Span);
        }
        catch (DnsFormatException)
        {
            return FormatError(query.Span, response.Span);
        }

        if (parsed.Header.IsResponse || parsed.Questions.Count != 1)
            return FormatError(query.Span, response.Span);
        if (parsed.Header.Opcode != DnsOpcode.Query)
            return Write(parsed, DnsResponseCode.NotImp, true, null, maxResponseSize, response);
        if (parsed.Edns is { Version: > 0 })
            return Write(parsed, DnsResponseCode.BadVers, true, null, maxResponseSize, response);
        if (!_access.Permits(client.Address))
        {
            _counters.Refused();
            _log.Debug("Refused recursion for {Client} asking {Name} {Type}", client, parsed.Questions[0].Name, parsed.Questions[0].Type);
            return Write(parsed, DnsResponseCode.Refused, false, null, maxResponseSize, response);
        }

        var question = parsed.Questions[0];
        if (question.Class != DnsClass.IN || question.Type is DnsRecordType.AXFR or DnsRecordType.IXFR)
            return Write(parsed, DnsResponseCode.Refused, true, null, maxResponseSize, response);
        if (_local.Check(question.Name) is { } reason)
        {
            _counters.NotForwarded(reason);
            _log.Debug("Not forwarding {Name} {Type} from {Client}: {Reason}", question.Name, question.Type, client, reason);
            return Write(parsed, DnsResponseCode.NXDomain, true, null, maxResponseSize, response);
        }

        var key = new QuestionKey(question.Name.ToLowerInvariant(), question.Type, question.Class);
        if (_cache.TryGet(key, out var cached, out var age))
        {
            _counters.CacheHit();
            return Write(parsed, cached.Rcode, true, cached.Aged(age), maxResponseSize, response);
        }

        var answer = await ForwardOnceAsync(key, cancellationToken).ConfigureAwait(false);
        if (answer is null)
        {
            _counters.ServFail();
            return Write(parsed, DnsResponseCode.ServFail, true, null, maxResponseSize, response);
        }

        return Write(parsed, answer.Rcode, true, answer, maxResponseSize, response);
    }

    /// <summary>Joins the outstanding upstream query for <paramref name="key"/>, or starts it (F3).</summary>
    private async Task<ForwardedAnswer?> ForwardOnceAsync(QuestionKey key, CancellationToken ct)
    {
        var mine = new TaskCompletionSource<ForwardedAnswer?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var outstanding = _outstanding.GetOrAdd(key, mine.Task);
        if (outstanding != mine.Task)
        {
            _counters.Coalesced();
            return await outstanding.WaitAsync(ct).ConfigureAwait(false);
        }

        try
        {
            var answer = await ForwardAsync(key, ct).ConfigureAwait(false);
            if (answer is not null)
                _cache.Set(key, answer, answer.CacheTtl);
            mine.SetResult(answer);
            return answer;
        }
        catch (OperationCanceledException)
        {
            mine.SetCanceled(ct);
            throw;
        }
        catch (Exception e)
        {
            mine.SetException(e);
            throw;
        }
        finally
        {
            _outstanding.TryRemove(KeyValuePair.Create(key, mine.Task));
        }
    }

    private async Task<ForwardedAnswer?> ForwardAsync(QuestionKey key, CancellationToken ct)
    {
        var upstreams = _upstreams();
        if (upstreams.Count == 0)
        {
            _counters.NoUpstream();
            _log.Debug("No upstream server to forward {Question} to; SERVFAIL", key);
            return null;
        }

        foreach (var upstream in upstreams)
        {
            var (answer, failure) = await AskAsync(upstream, key, ct).ConfigureAwait(false);
            if (answer is not null)
            {
                if (_failing.TryRemove(upstream, out _))
                    _log.Information("Upstream {Upstream} answers again", upstream);
                _counters.Forwarded();
                _log.Debug("Forwarded {Question} to {Upstream}: {Rcode}", key, upstream, answer.Rcode);
                return answer;
            }

            _counters.UpstreamFailed(failure!);
            if (_failing.TryAdd(upstream, failure!))
                _log.Warning("Upstream {Upstream} gave no usable answer to {Question} ({Failure}); trying the next server", upstream, key, failure);
        }

        _log.Debug("No upstream server answered {Question}; SERVFAIL", key);
        return null;
    }

    /// <summary>One question to one server: UDP, then TCP if the answer was truncated (F5).</summary>
    private async Task<(ForwardedAnswer? Answer, string? Failure)> AskAsync(IPEndPoint upstream, QuestionKey key, CancellationToken ct)
    {
        var id = (ushort)RandomNumberGenerator.GetInt32(0x10000);
        var query = UpstreamQuery(id, key);
        DnsMessage? reply = null;
        UpstreamDropReason? Check(ReadOnlySpan<byte> datagram)
        {
            var verdict = UpstreamAnswers.Check(datagram, id, key, out var message);
            reply = message;
            return verdict;
        }

        _counters.UpstreamQuery();
        if (await UpstreamTransport.QueryUdpAsync(upstream, query, Check, _timeout, _counters, ct).ConfigureAwait(false) is null)
            return (null, "NoAnswer");
        if (reply!.Header.IsTruncated)
        {
            _counters.TcpRetry();
            _counters.UpstreamQuery();
            if (await UpstreamTransport.QueryTcpAsync(upstream, query, Check, _timeout, _counters, ct).ConfigureAwait(false) is null)
                return (null, "NoTcpAnswer");
            if (reply.Header.IsTruncated)
                return (null, "Truncated");
        }

        var rcode = (DnsResponseCode)reply.Rcode;
        if (rcode is not (DnsResponseCode.NoError or DnsResponseCode.NXDomain))
            return (null, rcode.ToString());
        return (UpstreamAnswers.Select(reply, key), null);
    }

    private static byte[] UpstreamQuery(ushort id, QuestionKey key) => DnsMessageWriter.Write(new DnsMessage
    {
        Header = new DnsHeader(id, DnsHeader.RecursionDesiredBit),
        Questions = [new DnsQuestion(key.Name, key.Type, key.Class)],
        Edns = new EdnsRecord(DnsLimits.MaxUdpPayload, 0, 0, false, 0, []),
    });

    private int Write(DnsMessage query, DnsResponseCode rcode, bool recursionAvailable, ForwardedAnswer? answer, int maxSize, Memory<byte> response)
    {
        var written = RecursionResponse.Write(query, rcode, recursionAvailable, answer, maxSize, response.Span, out var truncated);
        if (truncated)
            _counters.Truncated();
        return written;
    }

    /// <summary>FORMERR with the header alone: the server in front should have dropped such a query already.</summary>
    private static int FormatError(ReadOnlySpan<byte> query, Span<byte> response)
    {
        if (query.Length < 2)
            return 0;
        response[..DnsLimits.HeaderLength].Clear();
        query[..2].CopyTo(response);
        BinaryPrimitives.WriteUInt16BigEndian(response[2..], (ushort)(DnsHeader.ResponseBit | (int)DnsResponseCode.FormErr));
        return DnsLimits.HeaderLength;
    }
}
