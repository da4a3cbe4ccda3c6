using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using XenMesh.Messages.Values;

namespace XenMesh.Node.Rip.Codec;

/// <summary>
/// Reads a RIPv2 packet (RFC 2453 §4, authentication per RFC 4822). Pure: no socket, no clock. Anything
/// malformed ends in <see cref="RipFormatException"/> and nothing else; the keyed-MD5 digest is checked
/// apart, by <see cref="RipKeyedMd5.Verify"/>, because only the speaker knows the key.
/// </summary>
public static class RipDecoder
{
    public static RipMessage Decode(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < RipLayout.HeaderLength)
            throw Fail(RipFormatError.TooShort, $"{packet.Length} octets, the header alone is {RipLayout.HeaderLength}");
        if (packet.Length > RipLayout.MaxPacketLength)
            throw Fail(RipFormatError.TooLong, $"{packet.Length} octets, at most {RipLayout.MaxPacketLength}");
        if (packet[0] is not ((byte)RipCommand.Request or (byte)RipCommand.Response))
            throw Fail(RipFormatError.UnknownCommand, $"command {packet[0]}");
        if (packet[1] != RipLayout.Version)
            throw Fail(RipFormatError.UnsupportedVersion, $"version {packet[1]}");

        var command = (RipCommand)packet[0];
        var body = packet[RipLayout.HeaderLength..];
        RipAuthentication? authentication = null;
        var entryCount = 0;
        if (body.Length >= RipLayout.EntryLength && Family(body) == RipLayout.FamilyAuthentication)
        {
            authentication = ReadAuthentication(packet, body, out var entriesEnd);
            body = packet[(RipLayout.HeaderLength + RipLayout.EntryLength)..entriesEnd];
            entryCount = 1;
        }

        if (body.Length % RipLayout.EntryLength != 0)
            throw Fail(RipFormatError.NotWholeEntries, $"{body.Length} octets of entries is not a multiple of {RipLayout.EntryLength}");
        entryCount += body.Length / RipLayout.EntryLength;
        if (entryCount > RipLayout.MaxEntries)
            throw Fail(RipFormatError.TooManyEntries, $"{entryCount} entries, at most {RipLayout.MaxEntries}");

        var entries = ImmutableArray.CreateBuilder<RipRouteEntry>(body.Length / RipLayout.EntryLength);
        var wholeTable = false;
        for (var offset = 0; offset < body.Length; offset += RipLayout.EntryLength)
        {
            var entry = body.Slice(offset, RipLayout.EntryLength);
            switch (Family(entry))
            {
                case RipLayout.FamilyAuthentication:
                    throw Fail(RipFormatError.AuthenticationNotFirst, "an authentication entry after the first entry");
                case RipLayout.FamilyUnspecified:
                    if (command != RipCommand.Request || body.Length != RipLayout.EntryLength || Metric(entry) != RipLayout.Infinity)
                        throw Fail(RipFormatError.BadWholeTableRequest, "family 0 is only valid as the single entry, metric 16, of a request");
                    wholeTable = true;
                    break;
                case RipLayout.FamilyIpv4:
                    entries.Add(ReadRoute(command, entry));
                    break;
                default:
                    // RFC 2453 §3.9.2: entries of families we do not know are ignored, not fatal.
                    break;
            }
        }

        return new RipMessage(command, entries.DrainToImmutable(), authentication, wholeTable);
    }

    /// <summary>The authentication entry; <paramref name="entriesEnd"/> is where the route entries end (a keyed-MD5 trailer follows).</summary>
    private static RipAuthentication ReadAuthentication(ReadOnlySpan<byte> packet, ReadOnlySpan<byte> body, out int entriesEnd)
    {
        entriesEnd = packet.Length;
        var type = BinaryPrimitives.ReadUInt16BigEndian(body[2..]);
        switch (type)
        {
            case RipLayout.AuthenticationPassword:
                var password = Encoding.Latin1.GetString(body.Slice(4, RipLayout.PasswordLength)).TrimEnd('\0');
                return new RipPasswordAuthentication(password);
            case RipLayout.AuthenticationKeyedMd5:
                var packetLength = BinaryPrimitives.ReadUInt16BigEndian(body[4..]);
                var keyId = body[6];
                var dataLength = body[7];
                var sequence = BinaryPrimitives.ReadUInt32BigEndian(body[8..]);
                if (dataLength != RipLayout.Md5TrailerLength)
                    throw Fail(RipFormatError.BadAuthentication, $"keyed-MD5 authentication data length {dataLength}, expected {RipLayout.Md5TrailerLength}");
                if (packetLength < RipLayout.HeaderLength + RipLayout.EntryLength || packetLength + RipLayout.Md5TrailerLength != packet.Length)
                    throw Fail(RipFormatError.BadAuthentication, string.Create(CultureInfo.InvariantCulture, $"packet length field {packetLength} does not leave a {RipLayout.Md5TrailerLength}-octet trailer in {packet.Length} octets"));
                var trailer = packet[packetLength..];
                if (BinaryPrimitives.ReadUInt16BigEndian(trailer) != RipLayout.FamilyAuthentication || BinaryPrimitives.ReadUInt16BigEndian(trailer[2..]) != RipLayout.TrailerType)
                    throw Fail(RipFormatError.BadTrailer, "the keyed-MD5 trailer does not start with 0xFFFF 0x0001");
                var digest = BinaryPrimitives.ReadUInt128BigEndian(trailer[4..]);
                entriesEnd = packetLength;
                return new RipKeyedMd5Authentication(keyId, sequence, digest);
            default:
                throw Fail(RipFormatError.UnknownAuthentication, $"authentication type {type}");
        }
    }

    private static RipRouteEntry ReadRoute(RipCommand command, ReadOnlySpan<byte> entry)
    {
        var tag = BinaryPrimitives.ReadUInt16BigEndian(entry[2..]);
        var address = BinaryPrimitives.ReadUInt32BigEndian(entry[4..]);
        var mask = BinaryPrimitives.ReadUInt32BigEndian(entry[8..]);
        var nextHop = BinaryPrimitives.ReadUInt32BigEndian(entry[12..]);
        var metric = Metric(entry);

        // A request's entries name destinations; their metric is the responder's to fill in.
        var lowest = command == RipCommand.Request ? 0u : 1u;
        if (metric < lowest || metric > RipLayout.Infinity)
            throw Fail(RipFormatError.BadMetric, $"metric {metric}");
        var prefix = 32 - System.Numerics.BitOperations.TrailingZeroCount(mask | (1UL << 32));
        var contiguous = prefix == 0 ? mask == 0 : mask == uint.MaxValue << (32 - prefix);
        if (!contiguous)
            throw Fail(RipFormatError.BadMask, $"mask {Ipv4Subnet.ToAddress(mask)} is not contiguous");
        if ((address & ~mask) != 0)
            throw Fail(RipFormatError.HostBitsSet, $"{Ipv4Subnet.ToAddress(address)} has host bits set under {Ipv4Subnet.ToAddress(mask)}");
        return new RipRouteEntry(new Ipv4Subnet(address, prefix), Ipv4Subnet.ToAddress(nextHop), (int)metric, tag);
    }

    private static ushort Family(ReadOnlySpan<byte> entry) => BinaryPrimitives.ReadUInt16BigEndian(entry);

    private static uint Metric(ReadOnlySpan<byte> entry) => BinaryPrimitives.ReadUInt32BigEndian(entry[16..]);

    private static RipFormatException Fail(RipFormatError reason, string detail) => new(reason, $"{reason}: {detail}");
}
