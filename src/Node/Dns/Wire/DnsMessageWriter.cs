using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;

namespace XenMesh.Node.Dns.Wire;

/// <summary>
/// Writes a <see cref="DnsMessage"/> in wire form. Owner names and the names inside NS, CNAME, PTR and SOA
/// RDATA are compressed against every name suffix written before them (RFC 1035 §4.1.4); other RDATA is
/// opaque and written as is (RFC 3597). The OPT record, when <see cref="DnsMessage.Edns"/> is set, is the
/// last record of the additional section.
/// </summary>
public static class DnsMessageWriter
{
    /// <summary>The message in a new array; throws <see cref="ArgumentException"/> if it exceeds 65 535 octets or a record's data does not fit its type.</summary>
    public static byte[] Write(DnsMessage message)
    {
        var buffer = new byte[DnsLimits.MaxMessageLength];
        return TryWrite(message, buffer, out var written)
            ? buffer.AsSpan(0, written).ToArray()
            : throw new ArgumentException("the message is longer than 65535 octets", nameof(message));
    }

    /// <summary>Writes the message into <paramref name="destination"/>; false (and nothing usable) when it does not fit.</summary>
    public static bool TryWrite(DnsMessage message, Span<byte> destination, out int written)
    {
        ArgumentNullException.ThrowIfNull(message);
        written = 0;
        var additionalCount = message.Additionals.Count + (message.Edns is null ? 0 : 1);
        if (message.Questions.Count > ushort.MaxValue || message.Answers.Count > ushort.MaxValue
            || message.Authorities.Count > ushort.MaxValue || additionalCount > ushort.MaxValue)
            throw new ArgumentException("a section has more than 65535 entries", nameof(message));
        var writer = new Writer(destination);
        writer.Header(message.Header, message.Questions.Count, message.Answers.Count, message.Authorities.Count, additionalCount);
        foreach (var question in message.Questions)
        {
            writer.Name(question.Name);
            writer.UInt16((ushort)question.Type);
            writer.UInt16((ushort)question.Class);
        }

        foreach (var record in message.Answers.Concat(message.Authorities).Concat(message.Additionals))
            writer.Record(record);
        if (message.Edns is { } edns)
            writer.Opt(edns);
        written = writer.Position;
        return !writer.Overflow;
    }

    private ref struct Writer(Span<byte> buffer)
    {
        private readonly Span<byte> _buffer = buffer;
        private readonly Dictionary<string, int> _suffixes = new(StringComparer.Ordinal);

        public int Position { get; private set; }

        public bool Overflow { get; private set; }

        public void Header(DnsHeader header, int qd, int an, int ns, int ar)
        {
            if (!Room(DnsLimits.HeaderLength))
                return;
            header.Write(_buffer[Position..]);
            Position += 4;
            UInt16((ushort)qd);
            UInt16((ushort)an);
            UInt16((ushort)ns);
            UInt16((ushort)ar);
        }

        public void Record(DnsResourceRecord record)
        {
            if (!record.Data.Fits(record.Type))
                throw new ArgumentException($"{record.Data.GetType().Name} cannot be the RDATA of a {record.Type} record", nameof(record));
            Name(record.Name);
            UInt16((ushort)record.Type);
            UInt16((ushort)record.Class);
            UInt32(record.Ttl);
            var lengthAt = Position;
            UInt16(0);
            var start = Position;
            switch (record.Data)
            {
                case AddressRecordData a:
                    if (Room(a.Address.AddressFamily == AddressFamily.InterNetwork ? 4 : 16) && a.Address.TryWriteBytes(_buffer[Position..], out var octets))
                        Position += octets;
                    break;
                case NameRecordData n:
                    Name(n.Target);
                    break;
                case SoaRecordData soa:
                    Name(soa.PrimaryServer);
                    Name(soa.ResponsibleMailbox);
                    UInt32(soa.Serial);
                    UInt32(soa.Refresh);
                    UInt32(soa.Retry);
                    UInt32(soa.Expire);
                    UInt32(soa.Minimum);
                    break;
                case OpaqueRecordData opaque:
                    Bytes(opaque.Bytes.Span);
                    break;
            }

            PatchLength(lengthAt, start);
        }

        public void Opt(EdnsRecord edns)
        {
            Bytes([0]);
            UInt16((ushort)DnsRecordType.OPT);
            UInt16(edns.UdpPayloadSize);
            UInt32(((uint)edns.ExtendedRcode << 24) | ((uint)edns.Version << 16) | (edns.DnssecOk ? EdnsRecord.DnssecOkBit : 0u) | (edns.Z & 0x7fffu));
            var lengthAt = Position;
            UInt16(0);
            var start = Position;
            foreach (var option in edns.Options)
            {
                if (option.Data.Length > ushort.MaxValue)
                    throw new ArgumentException($"EDNS option {option.Code} is longer than 65535 octets", nameof(edns));
                UInt16(option.Code);
                UInt16((ushort)option.Data.Length);
                Bytes(option.Data.Span);
            }

            PatchLength(lengthAt, start);
        }

        public void Name(DnsName name)
        {
            var wire = name.Wire;
            var offset = 0;
            while (wire[offset] != 0)
            {
                var key = SuffixKey(wire[offset..]);
                if (_suffixes.TryGetValue(key, out var target))
                {
                    UInt16((ushort)(0xc000 | target));
                    return;
                }

                if (Position <= DnsLimits.MaxPointerTarget && !Overflow)
                    _suffixes[key] = Position;
                Bytes(wire.Slice(offset, wire[offset] + 1));
                offset += wire[offset] + 1;
            }

            Bytes([0]);
        }

        public void UInt16(ushort value)
        {
            if (Room(2))
                BinaryPrimitives.WriteUInt16BigEndian(_buffer[Position..], value);
            Position += 2;
        }

        public void UInt32(uint value)
        {
            if (Room(4))
                BinaryPrimitives.WriteUInt32BigEndian(_buffer[Position..], value);
            Position += 4;
        }

        private void Bytes(ReadOnlySpan<byte> bytes)
        {
            if (Room(bytes.Length))
                bytes.CopyTo(_buffer[Position..]);
            Position += bytes.Length;
        }

        private void PatchLength(int lengthAt, int start)
        {
            var length = Position - start;
            if (length > ushort.MaxValue)
                throw new ArgumentException("a record's RDATA is longer than 65535 octets");
            if (!Overflow)
                BinaryPrimitives.WriteUInt16BigEndian(_buffer[lengthAt..], (ushort)length);
        }

        private bool Room(int length)
        {
            if (!Overflow && Position + length <= _buffer.Length)
                return true;
            Overflow = true;
            return false;
        }

        // Suffixes compare case-insensitively, so they are keyed by their lower-cased octets.
        private static string SuffixKey(ReadOnlySpan<byte> suffix)
        {
            Span<byte> lower = stackalloc byte[suffix.Length];
            suffix.CopyTo(lower);
            DnsNameReader.ToLower(lower);
            return Encoding.Latin1.GetString(lower);
        }
    }
}
