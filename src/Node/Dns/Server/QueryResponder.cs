using System.Buffers.Binary;
using XenMesh.Node.Dns.Wire;
using XenMesh.Node.Dns.Zone;

namespace XenMesh.Node.Dns.Server;

/// <summary>
/// Answers one query from a <see cref="ZoneSnapshot"/> without allocating: protocol-rules N1–N3, N6, N7,
/// N9, N10 and E1–E7. The question is echoed as received (its case included) at offset 12, the answer
/// records copied from the snapshot point at it, NXDOMAIN and NODATA carry the zone's SOA in authority,
/// AA is set, and an OPT (version 0, UDP size 1232, DO copied, no options) answers an OPT. A query for a
/// name outside our zones is left to the recursion side (<see cref="DnsOutcome.Recursion"/>).
/// </summary>
public static class QueryResponder
{
    private const int OptLength = 11;

    /// <summary>Writes the response to <paramref name="response"/> (at least 1232 octets for UDP, 65535 for TCP).</summary>
    /// <returns>The outcome and the response length (0 when nothing is to be sent); <c>Error</c> says why a query got FORMERR.</returns>
    public static DnsResponse Respond(ReadOnlySpan<byte> query, ZoneSnapshot zone, bool tcp, Span<byte> response)
    {
        ArgumentNullException.ThrowIfNull(zone);
        if (query.Length < DnsLimits.HeaderLength)
            return new(DnsOutcome.DroppedShort, 0);
        var header = DnsHeader.Read(query);
        if (header.IsResponse)
            return new(DnsOutcome.DroppedResponse, 0);
        if (header.Opcode != DnsOpcode.Query)
            return new(DnsOutcome.NotImplemented, Bare(header, DnsResponseCode.NotImp, response));

        Span<byte> name = stackalloc byte[DnsLimits.MaxNameLength];
        var error = DnsQueryReader.TryRead(query, name, out var q);
        if (error != DnsFormatError.None)
            return new(DnsOutcome.FormatError, Bare(header, DnsResponseCode.FormErr, response), error);

        var limit = Math.Min(tcp ? DnsLimits.MaxMessageLength : q.Edns.MaxUdpResponse, response.Length);
        if (q.Edns.Present && q.Edns.Version > 0)
            return new(DnsOutcome.BadVersion, Write(q, response, Flags(header, DnsResponseCode.BadVers, authoritative: false), null, null, 0, (int)DnsResponseCode.BadVers >> 4));
        if (q.Class != DnsClass.IN)
            return new(DnsOutcome.Refused, Write(q, response, Flags(header, DnsResponseCode.Refused, authoritative: false), null, null, 0));

        Span<byte> lower = stackalloc byte[q.Name.Length];
        q.Name.CopyTo(lower);
        DnsNameReader.ToLower(lower);
        if (zone.FindZone(lower) is not { } apex)
            return new(DnsOutcome.Recursion, 0, DnsFormatError.None, limit);
        if (q.Type is DnsRecordType.AXFR or DnsRecordType.IXFR)
            return new(DnsOutcome.Refused, Write(q, response, Flags(header, DnsResponseCode.Refused, authoritative: false), null, null, 0));

        var node = zone.FindNode(lower);
        var answer = node is null ? null : q.Type switch
        {
            DnsRecordType.A => node.A,
            DnsRecordType.PTR => node.Ptr,
            DnsRecordType.SOA => node.Soa,
            DnsRecordType.NS => node.Ns,
            DnsRecordType.ANY => node.Soa ?? node.A ?? node.Ptr ?? node.Ns,
            _ => null,
        };
        var outcome = answer is not null ? DnsOutcome.Answer : node is null ? DnsOutcome.NxDomain : DnsOutcome.NoData;
        var rcode = node is null ? DnsResponseCode.NXDomain : DnsResponseCode.NoError;
        var sectionLength = answer?.Bytes.Length ?? 2 + apex.NegativeSoa.Length;
        if (DnsLimits.HeaderLength + q.Name.Length + 4 + sectionLength + (q.Edns.Present ? OptLength : 0) > limit)
        {
            var truncated = (ushort)(Flags(header, rcode, authoritative: true) | DnsHeader.TruncatedBit);
            return new(DnsOutcome.Truncated, Write(q, response, truncated, null, null, 0));
        }

        return new(outcome, Write(q, response, Flags(header, rcode, authoritative: true), answer, answer is null ? apex : null, apexOffset: q.Name.Length - apex.LowerWire.Length));
    }

    /// <summary>
    /// REFUSED with the question echoed and, for a query with EDNS, an OPT; RA clear. For queries nobody here
    /// may answer; returns 0 for a query <see cref="Respond"/> would drop or answer with FORMERR itself.
    /// </summary>
    public static int Refuse(ReadOnlySpan<byte> query, Span<byte> response)
    {
        Span<byte> name = stackalloc byte[DnsLimits.MaxNameLength];
        if (DnsQueryReader.TryRead(query, name, out var q) != DnsFormatError.None || q.Header.IsResponse)
            return 0;
        return Write(q, response, Flags(q.Header, DnsResponseCode.Refused, authoritative: false), null, null, 0);
    }

    private static ushort Flags(DnsHeader query, DnsResponseCode rcode, bool authoritative) =>
        (ushort)(DnsHeader.ResponseBit
            | (query.Flags & (DnsHeader.RecursionDesiredBit | DnsHeader.CheckingDisabledBit))
            | (authoritative ? DnsHeader.AuthoritativeBit : 0)
            | ((int)rcode & 0xf));

    /// <summary>Header only (FORMERR, NOTIMP): ID, OPCODE and RD copied, every count 0.</summary>
    private static int Bare(DnsHeader query, DnsResponseCode rcode, Span<byte> response)
    {
        var flags = (ushort)(DnsHeader.ResponseBit | (query.Flags & (0x7800 | DnsHeader.RecursionDesiredBit)) | (int)rcode);
        new DnsHeader(query.Id, flags).Write(response);
        response[4..DnsLimits.HeaderLength].Clear();
        return DnsLimits.HeaderLength;
    }

    private static int Write(in DnsQuery q, Span<byte> response, ushort flags, EncodedRrset? answer, ZoneApex? negative, int apexOffset, int extendedRcode = 0)
    {
        new DnsHeader(q.Header.Id, flags).Write(response);
        BinaryPrimitives.WriteUInt16BigEndian(response[4..], 1);
        BinaryPrimitives.WriteUInt16BigEndian(response[6..], (ushort)(answer?.Count ?? 0));
        BinaryPrimitives.WriteUInt16BigEndian(response[8..], (ushort)(negative is null ? 0 : 1));
        BinaryPrimitives.WriteUInt16BigEndian(response[10..], (ushort)(q.Edns.Present ? 1 : 0));
        var position = DnsLimits.HeaderLength;
        q.Name.CopyTo(response[position..]);
        position += q.Name.Length;
        BinaryPrimitives.WriteUInt16BigEndian(response[position..], (ushort)q.Type);
        BinaryPrimitives.WriteUInt16BigEndian(response[(position + 2)..], (ushort)q.Class);
        position += 4;
        if (answer is not null)
        {
            answer.Bytes.CopyTo(response[position..]);
            position += answer.Bytes.Length;
        }

        if (negative is not null)
        {
            BinaryPrimitives.WriteUInt16BigEndian(response[position..], (ushort)(0xc000 | (DnsLimits.HeaderLength + apexOffset)));
            negative.NegativeSoa.CopyTo(response[(position + 2)..]);
            position += 2 + negative.NegativeSoa.Length;
        }

        if (q.Edns.Present)
        {
            response[position] = 0;
            BinaryPrimitives.WriteUInt16BigEndian(response[(position + 1)..], (ushort)DnsRecordType.OPT);
            BinaryPrimitives.WriteUInt16BigEndian(response[(position + 3)..], DnsLimits.MaxUdpPayload);
            BinaryPrimitives.WriteUInt32BigEndian(response[(position + 5)..], ((uint)extendedRcode << 24) | (q.Edns.DnssecOk ? EdnsRecord.DnssecOkBit : 0u));
            BinaryPrimitives.WriteUInt16BigEndian(response[(position + 9)..], 0);
            position += OptLength;
        }

        return position;
    }
}
