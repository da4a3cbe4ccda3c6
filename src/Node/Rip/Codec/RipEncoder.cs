using System.Buffers.Binary;
using System.Text;
using XenMesh.Messages.Values;

namespace XenMesh.Node.Rip.Codec;

/// <summary>
/// Writes a RIPv2 packet. A keyed-MD5 message is written with the digest it carries; sign the result
/// with <see cref="RipKeyedMd5.Sign"/>. Messages the wire cannot carry are refused with
/// <see cref="ArgumentException"/>: they are the caller's bug, never input from the network.
/// </summary>
public static class RipEncoder
{
    public static byte[] Encode(RipMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var authenticated = message.Authentication is not null;
        var routes = message.WholeTableRequest ? 1 : message.Entries.Length;
        if (message.WholeTableRequest && (message.Command != RipCommand.Request || message.Entries.Length != 0))
            throw new ArgumentException("a whole-table request is a request without entries", nameof(message));
        if (routes > RipLayout.RoutesPerPacket(authenticated))
            throw new ArgumentException($"{routes} entries do not fit in one packet (at most {RipLayout.RoutesPerPacket(authenticated)})", nameof(message));

        var entriesEnd = RipLayout.HeaderLength + ((routes + (authenticated ? 1 : 0)) * RipLayout.EntryLength);
        var md5 = message.Authentication as RipKeyedMd5Authentication;
        var packet = new byte[entriesEnd + (md5 is null ? 0 : RipLayout.Md5TrailerLength)];
        packet[0] = (byte)message.Command;
        packet[1] = RipLayout.Version;
        var offset = RipLayout.HeaderLength;
        if (message.Authentication is { } authentication)
        {
            WriteAuthentication(packet.AsSpan(offset, RipLayout.EntryLength), authentication, entriesEnd);
            offset += RipLayout.EntryLength;
        }

        if (message.WholeTableRequest)
        {
            BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(offset + 16), RipLayout.Infinity);
            offset += RipLayout.EntryLength;
        }

        foreach (var entry in message.Entries)
        {
            WriteRoute(packet.AsSpan(offset, RipLayout.EntryLength), entry);
            offset += RipLayout.EntryLength;
        }

        if (md5 is not null)
        {
            var trailer = packet.AsSpan(entriesEnd);
            BinaryPrimitives.WriteUInt16BigEndian(trailer, RipLayout.FamilyAuthentication);
            BinaryPrimitives.WriteUInt16BigEndian(trailer[2..], RipLayout.TrailerType);
            BinaryPrimitives.WriteUInt128BigEndian(trailer[4..], md5.Digest);
        }

        return packet;
    }

    private static void WriteAuthentication(Span<byte> entry, RipAuthentication authentication, int entriesEnd)
    {
        BinaryPrimitives.WriteUInt16BigEndian(entry, RipLayout.FamilyAuthentication);
        switch (authentication)
        {
            case RipPasswordAuthentication password:
                if (password.Password.Length > RipLayout.PasswordLength || password.Password.Any(c => c > '\u00ff'))
                    throw new ArgumentException($"a simple password is at most {RipLayout.PasswordLength} Latin-1 characters", nameof(authentication));
                BinaryPrimitives.WriteUInt16BigEndian(entry[2..], RipLayout.AuthenticationPassword);
                Encoding.Latin1.GetBytes(password.Password, entry[4..]);
                break;
            case RipKeyedMd5Authentication md5:
                BinaryPrimitives.WriteUInt16BigEndian(entry[2..], RipLayout.AuthenticationKeyedMd5);
                BinaryPrimitives.WriteUInt16BigEndian(entry[4..], (ushort)entriesEnd);
                entry[6] = md5.KeyId;
                entry[7] = RipLayout.Md5TrailerLength;
                BinaryPrimitives.WriteUInt32BigEndian(entry[8..], md5.SequenceNumber);
                break;
            default:
                throw new ArgumentException($"unknown authentication {authentication.GetType().Name}", nameof(authentication));
        }
    }

    private static void WriteRoute(Span<byte> entry, RipRouteEntry route)
    {
        if (route.Metric is < 0 or > RipLayout.Infinity)
            throw new ArgumentException($"metric {route.Metric} of {route.Destination} is outside 0-16", nameof(route));
        BinaryPrimitives.WriteUInt16BigEndian(entry, RipLayout.FamilyIpv4);
        BinaryPrimitives.WriteUInt16BigEndian(entry[2..], route.RouteTag);
        BinaryPrimitives.WriteUInt32BigEndian(entry[4..], route.Destination.Network);
        BinaryPrimitives.WriteUInt32BigEndian(entry[8..], route.Destination.Mask);
        BinaryPrimitives.WriteUInt32BigEndian(entry[12..], Ipv4Subnet.ToUInt32(route.NextHop));
        BinaryPrimitives.WriteUInt32BigEndian(entry[16..], (uint)route.Metric);
    }
}
