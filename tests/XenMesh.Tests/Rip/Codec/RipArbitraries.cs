using System.Collections.Immutable;
using System.Net;
using FsCheck;
using FsCheck.Fluent;
using XenMesh.Messages.Values;
using XenMesh.Node.Rip.Codec;

namespace XenMesh.Tests.Rip.Codec;

/// <summary>Generators for every message the wire can carry: both commands, all prefix lengths, both authentications, full packets.</summary>
public static class RipArbitraries
{
    private static Gen<uint> UInt32 => Gen.Choose(0, 0xffff).Two().Select(t => ((uint)t.Item1 << 16) | (uint)t.Item2);

    private static Gen<Ipv4Subnet> Subnet =>
        from network in UInt32
        from prefix in Gen.Choose(0, 32)
        let mask = prefix == 0 ? 0u : uint.MaxValue << (32 - prefix)
        select new Ipv4Subnet(network & mask, prefix);

    private static Gen<RipAuthentication?> Authentication => Gen.OneOf(
        Gen.Constant<RipAuthentication?>(null),
        Gen.Choose(0, 16).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 255).Select(i => (char)i), n))
            .Select(chars => (RipAuthentication?)new RipPasswordAuthentication(new string(chars).TrimEnd('\0'))),
        from key in Gen.Choose(0, 255)
        from sequence in UInt32
        from high in UInt32.Two()
        from low in UInt32.Two()
        select (RipAuthentication?)new RipKeyedMd5Authentication(
            (byte)key, sequence, new UInt128(((ulong)high.Item1 << 32) | high.Item2, ((ulong)low.Item1 << 32) | low.Item2)));

    public static Arbitrary<RipMessage> Messages() => Message.ToArbitrary();

    internal static Gen<RipMessage> Message =>
        from command in Gen.Elements(RipCommand.Request, RipCommand.Response)
        from authentication in Authentication
        from wholeTable in command == RipCommand.Request ? Gen.Elements(true, false) : Gen.Constant(false)
        from count in Gen.Choose(0, wholeTable ? 0 : RipLayout.RoutesPerPacket(authentication is not null))
        from entries in Gen.ArrayOf(Entry(command), count)
        select new RipMessage(command, [.. entries], authentication, wholeTable);

    private static Gen<RipRouteEntry> Entry(RipCommand command) =>
        from subnet in Subnet
        from nextHop in UInt32
        from metric in Gen.Choose(command == RipCommand.Request ? 0 : 1, RipLayout.Infinity)
        from tag in Gen.Choose(0, 0xffff)
        select new RipRouteEntry(subnet, Ipv4Subnet.ToAddress(nextHop), metric, (ushort)tag);

    /// <summary>A response with one route, for mutation tests.</summary>
    internal static RipMessage OneRoute(RipAuthentication? authentication = null) =>
        new(RipCommand.Response, ImmutableArray.Create(new RipRouteEntry(new Ipv4Subnet(0xC0A80000, 24), IPAddress.Parse("192.168.11.100"), 1)), authentication);
}
