using System.Net;
using System.Net.Sockets;
using System.Runtime.Serialization;
using System.Text;
using XenMesh.Messages.Leases;
using XenMesh.Messages.Values;
using static XenMesh.Messages.Leases.LeaseEvents;

namespace XenMesh.Messages.Serialization;

/// <summary>
/// The lease pool's snapshot (manifest <see cref="Manifest"/>) as compact binary rather than JSON. The pool
/// snapshots after as many events as it holds leases, so with tens of thousands of leases a JSON snapshot
/// was megabytes written in one SQLite transaction, which held every lease commit (and so every ACK) behind
/// it; here a lease takes about 35 bytes instead of about 200. Integers are little-endian, counts and the
/// name source 7-bit encoded, strings a presence byte and <see cref="BinaryWriter"/>'s length-prefixed
/// UTF-8, addresses 4 octets and MACs 6 in wire order, times their ticks and UTC offset in minutes, so
/// a snapshot reads back equal to what was written, offsets included.
/// </summary>
public static class LeasePoolSnapshotCodec
{
    public const string Manifest = "ls2";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static byte[] Write(LeasePoolSnapshot snapshot)
    {
        using var stream = new MemoryStream(64 + (36 * (snapshot.Leases.Count + snapshot.Ended.Count)));
        using (var writer = new BinaryWriter(stream, StrictUtf8, leaveOpen: true))
        {
            WriteLeases(writer, snapshot.Leases);
            WriteLeases(writer, snapshot.Ended);
            writer.Write7BitEncodedInt(snapshot.Quarantined.Count);
            foreach (var declined in snapshot.Quarantined)
            {
                WriteAddress(writer, declined.Address);
                WriteMac(writer, declined.Mac);
                WriteOptional(writer, declined.ClientId);
                WriteOptional(writer, declined.Vif);
                WriteTime(writer, declined.QuarantinedUntil);
            }

            writer.Write(snapshot.Reserved is not null);
            if (snapshot.Reserved is { } reserved)
            {
                writer.Write7BitEncodedInt(reserved.Count);
                foreach (var reservation in reserved)
                {
                    WriteAddress(writer, reservation.Address);
                    WriteMac(writer, reservation.Mac);
                    WriteOptional(writer, reservation.Name);
                }
            }
        }

        return stream.ToArray();
    }

    /// <exception cref="SerializationException">The bytes are not a whole snapshot in this form.</exception>
    public static LeasePoolSnapshot Read(byte[] bytes)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes, writable: false), StrictUtf8);
        try
        {
            var leases = ReadLeases(reader);
            var ended = ReadLeases(reader);
            var quarantined = new AddressDeclined[ReadCount(reader)];
            for (var i = 0; i < quarantined.Length; i++)
                quarantined[i] = new AddressDeclined(ReadAddress(reader), ReadMac(reader), ReadOptional(reader), ReadOptional(reader), ReadTime(reader));
            ReservationAdded[]? reserved = null;
            if (reader.ReadBoolean())
            {
                reserved = new ReservationAdded[ReadCount(reader)];
                for (var i = 0; i < reserved.Length; i++)
                    reserved[i] = new ReservationAdded(ReadAddress(reader), ReadMac(reader), ReadOptional(reader));
            }

            if (reader.BaseStream.Position != bytes.Length)
                throw new SerializationException($"manifest '{Manifest}': {bytes.Length - reader.BaseStream.Position} bytes after the snapshot");
            return new LeasePoolSnapshot(leases, ended, quarantined, reserved);
        }
        catch (Exception e) when (e is IOException or FormatException or DecoderFallbackException or ArgumentException)
        {
            throw new SerializationException($"manifest '{Manifest}': {e.Message}", e);
        }
    }

    private static void WriteLeases(BinaryWriter writer, IReadOnlyList<LeaseCommitted> leases)
    {
        writer.Write7BitEncodedInt(leases.Count);
        foreach (var lease in leases)
        {
            WriteAddress(writer, lease.Address);
            WriteMac(writer, lease.Mac);
            WriteOptional(writer, lease.ClientId);
            WriteOptional(writer, lease.Vif);
            WriteOptional(writer, lease.Name);
            writer.Write7BitEncodedInt((int)lease.NameSource);
            WriteTime(writer, lease.BoundSince);
            WriteTime(writer, lease.Expires);
        }
    }

    private static LeaseCommitted[] ReadLeases(BinaryReader reader)
    {
        var leases = new LeaseCommitted[ReadCount(reader)];
        for (var i = 0; i < leases.Length; i++)
        {
            leases[i] = new LeaseCommitted(
                ReadAddress(reader), ReadMac(reader), ReadOptional(reader), ReadOptional(reader), ReadOptional(reader),
                ReadNameSource(reader), ReadTime(reader), ReadTime(reader));
        }

        return leases;
    }

    /// <summary>Every entry takes more than one byte, so a count beyond the bytes left is corrupt, not a reason to allocate.</summary>
    private static int ReadCount(BinaryReader reader)
    {
        var count = reader.Read7BitEncodedInt();
        if (count < 0 || count > reader.BaseStream.Length - reader.BaseStream.Position)
            throw new FormatException($"a count of {count} entries does not fit the bytes left");
        return count;
    }

    private static void WriteAddress(BinaryWriter writer, IPAddress address)
    {
        Span<byte> octets = stackalloc byte[4];
        if (address.AddressFamily != AddressFamily.InterNetwork || !address.TryWriteBytes(octets, out _))
            throw new ArgumentException($"{address} is not an IPv4 address", nameof(address));
        writer.Write(octets);
    }

    private static IPAddress ReadAddress(BinaryReader reader) => new(ReadExactly(reader, 4));

    private static void WriteMac(BinaryWriter writer, MacAddress mac)
    {
        Span<byte> octets = stackalloc byte[6];
        mac.WriteTo(octets);
        writer.Write(octets);
    }

    private static MacAddress ReadMac(BinaryReader reader) =>
        MacAddress.TryRead(ReadExactly(reader, 6), out var mac, out var error) ? mac : throw new FormatException(error);

    private static byte[] ReadExactly(BinaryReader reader, int count)
    {
        var bytes = reader.ReadBytes(count);
        return bytes.Length == count ? bytes : throw new EndOfStreamException();
    }

    private static void WriteOptional(BinaryWriter writer, string? text)
    {
        writer.Write(text is not null);
        if (text is not null)
            writer.Write(text);
    }

    private static string? ReadOptional(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadString() : null;

    private static LeaseNameSource ReadNameSource(BinaryReader reader)
    {
        var source = (LeaseNameSource)reader.Read7BitEncodedInt();
        return Enum.IsDefined(source) ? source : throw new FormatException($"{(int)source} is not a lease name source");
    }

    private static void WriteTime(BinaryWriter writer, DateTimeOffset time)
    {
        writer.Write(time.Ticks);
        writer.Write((short)time.TotalOffsetMinutes);
    }

    private static DateTimeOffset ReadTime(BinaryReader reader)
    {
        var ticks = reader.ReadInt64();
        var offset = TimeSpan.FromMinutes(reader.ReadInt16());
        return new DateTimeOffset(ticks, offset);
    }
}
