using System.Buffers.Binary;
using System.Net;

namespace XenMesh.Node.Dns.Wire;

/// <summary>
/// Reads a whole message (a query or a response) into a <see cref="DnsMessage"/>. Every count and length is
/// a claim checked against the octets present (protocol-rules N3–N5, RFC 9267): the counts must fit the
/// message before anything is allocated, every record must lie inside it, the RDATA of A, AAAA, NS, CNAME,
/// PTR, SOA and OPT and of the types with names in their RDATA (MX, SRV, ...) must be exactly RDLENGTH long, no
/// octet may follow the last record, and at most one OPT may appear, in the additional section, owned by the
/// root. Names inside RDATA are decompressed, also in the RDATA kept opaque. The only exception thrown is
/// <see cref="DnsFormatException"/>.
/// </summary>
public static class DnsMessageParser
{
    private const int MinQuestionLength = 5;
    private const int MinRecordLength = 11;

    public static DnsMessage Parse(ReadOnlySpan<byte> message)
    {
        if (message.Length < DnsLimits.HeaderLength)
            throw Fail(DnsFormatError.TruncatedHeader, $"{message.Length} octets, fewer than the 12-octet header");
        if (message.Length > DnsLimits.MaxMessageLength)
            throw Fail(DnsFormatError.MessageTooLong, $"{message.Length} octets, more than 65535");
        var header = DnsHeader.Read(message);
        int qd = Count(message, 4), an = Count(message, 6), ns = Count(message, 8), ar = Count(message, 10);
        if ((long)qd * MinQuestionLength + ((long)an + ns + ar) * MinRecordLength > message.Length - DnsLimits.HeaderLength)
            throw Fail(DnsFormatError.CountsExceedMessage, $"counts {qd}/{an}/{ns}/{ar} cannot fit {message.Length} octets");

        Span<byte> name = stackalloc byte[DnsLimits.MaxNameLength];
        var position = DnsLimits.HeaderLength;
        var questions = new DnsQuestion[qd];
        for (var i = 0; i < qd; i++)
        {
            var owner = ReadName(message, ref position, name);
            if (position + 4 > message.Length)
                throw Fail(DnsFormatError.TruncatedQuestion, $"question {i} runs past the end");
            questions[i] = new(owner, (DnsRecordType)Count(message, position), (DnsClass)Count(message, position + 2));
            position += 4;
        }

        EdnsRecord? edns = null;
        var answers = ReadSection(message, ref position, an, name, allowOpt: false, ref edns);
        var authorities = ReadSection(message, ref position, ns, name, allowOpt: false, ref edns);
        var additionals = ReadSection(message, ref position, ar, name, allowOpt: true, ref edns);
        if (position != message.Length)
            throw Fail(DnsFormatError.TrailingBytes, $"{message.Length - position} octets after the last record");
        return new DnsMessage
        {
            Header = header,
            Questions = questions,
            Answers = answers,
            Authorities = authorities,
            Additionals = additionals,
            Edns = edns,
        };
    }

    private static DnsResourceRecord[] ReadSection(
        ReadOnlySpan<byte> message, ref int position, int count, Span<byte> name, bool allowOpt, ref EdnsRecord? edns)
    {
        var records = new List<DnsResourceRecord>(count);
        for (var i = 0; i < count; i++)
        {
            var owner = ReadName(message, ref position, name);
            if (position + 10 > message.Length)
                throw Fail(DnsFormatError.TruncatedRecord, "a record's fixed part runs past the end");
            var type = (DnsRecordType)Count(message, position);
            var @class = Count(message, position + 2);
            var ttl = BinaryPrimitives.ReadUInt32BigEndian(message[(position + 4)..]);
            var rdLength = Count(message, position + 8);
            var rdStart = position + 10;
            var rdEnd = rdStart + rdLength;
            if (rdEnd > message.Length)
                throw Fail(DnsFormatError.TruncatedRecord, $"RDLENGTH {rdLength} runs past the end");
            position = rdEnd;
            if (type == DnsRecordType.OPT)
            {
                if (!allowOpt || owner.Wire.Length != 1)
                    throw Fail(DnsFormatError.MisplacedOpt, "OPT outside the additional section or not owned by the root");
                if (edns is not null)
                    throw Fail(DnsFormatError.DuplicateOpt, "more than one OPT record");
                edns = ReadOpt((ushort)@class, ttl, message[rdStart..rdEnd]);
                continue;
            }

            records.Add(new(owner, type, (DnsClass)@class, ttl, ReadData(message, type, rdStart, rdEnd, name)));
        }

        return [.. records];
    }

    private static DnsRecordData ReadData(ReadOnlySpan<byte> message, DnsRecordType type, int start, int end, Span<byte> name)
    {
        var length = end - start;
        switch (type)
        {
            case DnsRecordType.A or DnsRecordType.AAAA:
                if (length != (type == DnsRecordType.A ? 4 : 16))
                    throw Fail(DnsFormatError.RdataLengthMismatch, $"{type} with RDLENGTH {length}");
                return new AddressRecordData(new IPAddress(message[start..end]));
            case DnsRecordType.NS or DnsRecordType.CNAME or DnsRecordType.PTR:
            {
                var position = start;
                var target = ReadName(message, ref position, name);
                ExpectEnd(position, end, type);
                return new NameRecordData(target);
            }

            case DnsRecordType.SOA:
            {
                var position = start;
                var primary = ReadName(message, ref position, name);
                var mailbox = ReadName(message, ref position, name);
                if (position + 20 > end)
                    throw Fail(DnsFormatError.RdataLengthMismatch, "SOA counters run past RDLENGTH");
                var counters = message[position..];
                position += 20;
                ExpectEnd(position, end, type);
                return new SoaRecordData(
                    primary,
                    mailbox,
                    BinaryPrimitives.ReadUInt32BigEndian(counters),
                    BinaryPrimitives.ReadUInt32BigEndian(counters[4..]),
                    BinaryPrimitives.ReadUInt32BigEndian(counters[8..]),
                    BinaryPrimitives.ReadUInt32BigEndian(counters[12..]),
                    BinaryPrimitives.ReadUInt32BigEndian(counters[16..]));
            }

            default:
                return EmbeddedNames(type) is { } layout
                    ? new OpaqueRecordData(Decompress(message, type, layout, start, end, name))
                    : new OpaqueRecordData(message[start..end].ToArray());
        }
    }

    /// <summary>
    /// The RDATA layout of the types whose RDATA holds names a sender may have compressed: fixed octets, then
    /// names, nothing after. RFC 3597 §4: a receiver must decompress those of the RFC 1035 types (MD, MF, MB,
    /// MG, MR, MINFO, MX; NS, CNAME, PTR and SOA are typed) and should those of RP, AFSDB, RT, PX and SRV
    /// (RFC 2052 compressed SRV targets). NAPTR's one name follows character strings and is never compressed.
    /// </summary>
    internal static (int Prefix, int Names)? EmbeddedNames(DnsRecordType type) => (ushort)type switch
    {
        3 or 4 or 7 or 8 or 9 => (0, 1),
        14 or 17 => (0, 2),
        15 or 18 or 21 => (2, 1),
        26 => (2, 2),
        33 => (6, 1),
        _ => null,
    };

    /// <summary>
    /// The RDATA with its names written out in full: a pointer means something only inside the message it
    /// came in, so RDATA kept opaque must not carry one into another message.
    /// </summary>
    private static byte[] Decompress(ReadOnlySpan<byte> message, DnsRecordType type, (int Prefix, int Names) layout, int start, int end, Span<byte> name)
    {
        if (start + layout.Prefix > end)
            throw Fail(DnsFormatError.RdataLengthMismatch, $"{type} RDATA shorter than its {layout.Prefix} fixed octets");
        Span<byte> rdata = stackalloc byte[layout.Prefix + (layout.Names * DnsLimits.MaxNameLength)];
        message.Slice(start, layout.Prefix).CopyTo(rdata);
        var length = layout.Prefix;
        var position = start + layout.Prefix;
        for (var i = 0; i < layout.Names; i++)
        {
            var error = DnsNameReader.TryRead(message, position, name, out var nameLength, out var next);
            if (error != DnsFormatError.None)
                throw Fail(error, $"malformed name in {type} RDATA at offset {position} ({error})");
            if (next > end)
                throw Fail(DnsFormatError.RdataLengthMismatch, $"a name in {type} RDATA runs past RDLENGTH");
            name[..nameLength].CopyTo(rdata[length..]);
            length += nameLength;
            position = next;
        }

        ExpectEnd(position, end, type);
        return rdata[..length].ToArray();
    }

    private static EdnsRecord ReadOpt(ushort payloadSize, uint ttl, ReadOnlySpan<byte> rdata)
    {
        var options = new List<EdnsOption>();
        var position = 0;
        while (position < rdata.Length)
        {
            if (position + 4 > rdata.Length)
                throw Fail(DnsFormatError.EdnsOptionOverrun, "an EDNS option header runs past the OPT RDATA");
            var code = Count(rdata, position);
            var length = Count(rdata, position + 2);
            if (position + 4 + length > rdata.Length)
                throw Fail(DnsFormatError.EdnsOptionOverrun, $"EDNS option {code} of {length} octets runs past the OPT RDATA");
            options.Add(new((ushort)code, rdata.Slice(position + 4, length).ToArray()));
            position += 4 + length;
        }

        return new EdnsRecord(
            payloadSize,
            (byte)(ttl >> 24),
            (byte)(ttl >> 16),
            (ttl & EdnsRecord.DnssecOkBit) != 0,
            (ushort)(ttl & 0x7fff),
            options);
    }

    private static DnsName ReadName(ReadOnlySpan<byte> message, ref int position, Span<byte> buffer)
    {
        var error = DnsNameReader.TryRead(message, position, buffer, out var length, out var next);
        if (error != DnsFormatError.None)
            throw Fail(error, $"malformed name at offset {position} ({error})");
        position = next;
        return DnsName.FromCheckedWire(buffer[..length]);
    }

    private static void ExpectEnd(int position, int end, DnsRecordType type)
    {
        if (position != end)
            throw Fail(DnsFormatError.RdataLengthMismatch, $"{type} RDATA ends at {position}, RDLENGTH says {end}");
    }

    private static int Count(ReadOnlySpan<byte> message, int offset) => BinaryPrimitives.ReadUInt16BigEndian(message[offset..]);

    private static DnsFormatException Fail(DnsFormatError reason, string message) => new(reason, message);
}
