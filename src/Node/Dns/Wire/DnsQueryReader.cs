using System.Buffers.Binary;

namespace XenMesh.Node.Dns.Wire;

/// <summary>
/// The server's allocation-free query parser (protocol-rules N2–N5, E2): exactly one question, no answer or
/// authority records, additional records inside the message with at most one OPT owned by the root whose
/// options do not overrun it, and nothing after the last record. QR and OPCODE are the caller's to check
/// first, from <see cref="DnsHeader.Read"/>.
/// </summary>
public static class DnsQueryReader
{
    /// <summary>Reads <paramref name="packet"/>; the question name goes into <paramref name="nameBuffer"/> (at least 255 octets).</summary>
    /// <returns><see cref="DnsFormatError.None"/> with <paramref name="query"/> filled in, or why the query is malformed.</returns>
    public static DnsFormatError TryRead(ReadOnlySpan<byte> packet, Span<byte> nameBuffer, out DnsQuery query)
    {
        query = default;
        if (packet.Length < DnsLimits.HeaderLength)
            return DnsFormatError.TruncatedHeader;
        if (packet.Length > DnsLimits.MaxMessageLength)
            return DnsFormatError.MessageTooLong;
        var header = DnsHeader.Read(packet);
        if (Read16(packet, 4) != 1)
            return DnsFormatError.QuestionCount;
        if (Read16(packet, 6) != 0 || Read16(packet, 8) != 0)
            return DnsFormatError.RecordsInQuery;
        var additional = Read16(packet, 10);
        if (5 + (additional * 11) > packet.Length - DnsLimits.HeaderLength)
            return DnsFormatError.CountsExceedMessage;

        var error = DnsNameReader.TryRead(packet, DnsLimits.HeaderLength, nameBuffer, out var nameLength, out var position);
        if (error != DnsFormatError.None)
            return error;
        if (position + 4 > packet.Length)
            return DnsFormatError.TruncatedQuestion;
        var type = (DnsRecordType)Read16(packet, position);
        var @class = (DnsClass)Read16(packet, position + 2);
        position += 4;

        var edns = default(EdnsQueryInfo);
        Span<byte> owner = stackalloc byte[DnsLimits.MaxNameLength];
        for (var i = 0; i < additional; i++)
        {
            error = DnsNameReader.TryRead(packet, position, owner, out var ownerLength, out position);
            if (error != DnsFormatError.None)
                return error;
            if (position + 10 > packet.Length)
                return DnsFormatError.TruncatedRecord;
            var rdLength = Read16(packet, position + 8);
            var rdStart = position + 10;
            if (rdStart + rdLength > packet.Length)
                return DnsFormatError.TruncatedRecord;
            if ((DnsRecordType)Read16(packet, position) == DnsRecordType.OPT)
            {
                if (ownerLength != 1)
                    return DnsFormatError.MisplacedOpt;
                if (edns.Present)
                    return DnsFormatError.DuplicateOpt;
                if (!OptionsFit(packet.Slice(rdStart, rdLength)))
                    return DnsFormatError.EdnsOptionOverrun;
                var ttl = BinaryPrimitives.ReadUInt32BigEndian(packet[(position + 4)..]);
                edns = new(true, (ushort)Read16(packet, position + 2), (byte)(ttl >> 16), (ttl & EdnsRecord.DnssecOkBit) != 0);
            }
            else if (CheckRdata(packet, (DnsRecordType)Read16(packet, position), rdStart, rdStart + rdLength, owner) is var bad && bad != DnsFormatError.None)
            {
                return bad;
            }

            position = rdStart + rdLength;
        }

        if (position != packet.Length)
            return DnsFormatError.TrailingBytes;
        query = new DnsQuery(header, nameBuffer[..nameLength], type, @class, edns);
        return DnsFormatError.None;
    }

    // The same RDATA checks as the full parser makes for the RFC 1035 types and the others with names in
    // their RDATA (protocol-rules N3).
    private static DnsFormatError CheckRdata(ReadOnlySpan<byte> packet, DnsRecordType type, int start, int end, Span<byte> buffer)
    {
        var position = start;
        var embedded = DnsMessageParser.EmbeddedNames(type);
        var names = type switch
        {
            DnsRecordType.A => end - start == 4 ? 0 : -1,
            DnsRecordType.AAAA => end - start == 16 ? 0 : -1,
            DnsRecordType.NS or DnsRecordType.CNAME or DnsRecordType.PTR => 1,
            DnsRecordType.SOA => 2,
            _ => embedded?.Names ?? 0,
        };
        if (names < 0)
            return DnsFormatError.RdataLengthMismatch;
        if (names == 0)
            return DnsFormatError.None;
        if (embedded is { Prefix: var prefix })
        {
            if (start + prefix > end)
                return DnsFormatError.RdataLengthMismatch;
            position += prefix;
        }

        for (var i = 0; i < names; i++)
        {
            var error = DnsNameReader.TryRead(packet, position, buffer, out _, out position);
            if (error != DnsFormatError.None)
                return error;
        }

        if (type == DnsRecordType.SOA)
            position += 20;
        return position == end ? DnsFormatError.None : DnsFormatError.RdataLengthMismatch;
    }

    private static bool OptionsFit(ReadOnlySpan<byte> rdata)
    {
        var position = 0;
        while (position < rdata.Length)
        {
            if (position + 4 > rdata.Length)
                return false;
            position += 4 + Read16(rdata, position + 2);
            if (position > rdata.Length)
                return false;
        }

        return true;
    }

    private static int Read16(ReadOnlySpan<byte> span, int offset) => BinaryPrimitives.ReadUInt16BigEndian(span[offset..]);
}
