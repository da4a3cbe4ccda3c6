using XenMesh.Node.Dns.Wire;

namespace XenMesh.Node.Dns.Recursion;

/// <summary>
/// Writes the forwarder's responses: the client's ID, its question exactly as it was sent (RFC 4343), RD
/// copied, an OPT (version 0, 1232, DO copied) only when the query had one (protocol-rules E2, E4). An
/// answer longer than the client's limit goes out as header, question and OPT with TC set, never with a
/// partial RRset (E6).
/// </summary>
public static class RecursionResponse
{
    /// <summary>Writes the response to <paramref name="query"/> into <paramref name="destination"/> and returns its length.</summary>
    /// <param name="query">The client's parsed query.</param>
    /// <param name="rcode">The response code; BADVERS (16) puts its upper bits in the OPT.</param>
    /// <param name="recursionAvailable">RA; clear in a refusal to a source that may not recurse (F6).</param>
    /// <param name="answer">The records to send, or null for an empty answer.</param>
    /// <param name="maxSize">The client's limit on this transport.</param>
    /// <param name="destination">At least <paramref name="maxSize"/> octets.</param>
    /// <param name="truncated">True when the answer did not fit and TC was set.</param>
    public static int Write(
        DnsMessage query, DnsResponseCode rcode, bool recursionAvailable, ForwardedAnswer? answer, int maxSize, Span<byte> destination, out bool truncated)
    {
        ArgumentNullException.ThrowIfNull(query);
        var limit = destination[..Math.Min(maxSize, destination.Length)];
        var flags = (ushort)(DnsHeader.ResponseBit | (query.Header.Flags & (0x7800 | DnsHeader.RecursionDesiredBit | DnsHeader.CheckingDisabledBit)));
        var header = new DnsHeader(query.Header.Id, flags).With(DnsHeader.RecursionAvailableBit, recursionAvailable).WithRcode(rcode);
        var response = new DnsMessage
        {
            Header = header,
            Questions = query.Questions,
            Answers = answer?.Answers ?? [],
            Authorities = answer?.Authorities ?? [],
            Edns = query.Edns is { } edns
                ? new EdnsRecord(DnsLimits.MaxUdpPayload, (byte)((int)rcode >> 4), 0, edns.DnssecOk, 0, [])
                : null,
        };
        truncated = false;
        if (DnsMessageWriter.TryWrite(response, limit, out var written))
            return written;

        truncated = true;
        var cut = response with { Header = header.With(DnsHeader.TruncatedBit, true), Answers = [], Authorities = [] };
        return DnsMessageWriter.TryWrite(cut, limit, out written)
            ? written
            : throw new ArgumentException($"even header and question do not fit {limit.Length} octets", nameof(maxSize));
    }
}
